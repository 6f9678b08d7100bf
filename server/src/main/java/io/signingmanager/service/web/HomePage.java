package io.signingmanager.service.web;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.audit.AuditRecord;
import io.signingmanager.service.dashboard.Dashboard;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.time.Instant;
import java.util.List;

/**
 * The main page: the Signing Service URL to copy, the way to an API key (for a non-admin, whom to
 * ask), the client downloads, and for admins a small dashboard.
 */
public final class HomePage {
    private final Templates templates;
    private final ClientDownloads downloads;
    private final Dashboard dashboard;
    private final String tlsSha256;

    HomePage(Templates templates, ClientDownloads downloads, Dashboard dashboard, String tlsSha256) {
        this.templates = templates;
        this.downloads = downloads;
        this.dashboard = dashboard;
        this.tlsSha256 = tlsSha256;
    }

    /**
     * {@code downloadFolder} and {@code summary} are for admins only ({@code null} for others);
     * {@code administrators} whom a user asks for an API key.
     */
    public record HomeView(Frame frame, String serviceUrl, List<String> tlsSha256Lines, List<String> downloads,
                           String downloadFolder, List<String> administrators, Dashboard.Summary summary) {
        /** "alice or bob", or "an administrator" when no admin may sign in. */
        public String whomToAsk() {
            if (administrators.isEmpty()) {
                return "an administrator";
            }
            if (administrators.size() == 1) {
                return administrators.get(0);
            }
            return String.join(", ", administrators.subList(0, administrators.size() - 1)) + " or "
                    + administrators.get(administrators.size() - 1);
        }

        public String date(Instant instant) {
            return TimeText.date(instant);
        }

        public String time(Instant instant) {
            return TimeText.time(instant);
        }

        /** A failed record as one line: when, what, and why. */
        public String failure(AuditRecord record) {
            String who = record.username() != null ? record.username()
                    : record.clientHostname() != null ? record.clientHostname() : Addresses.display(record.remoteAddress());
            return TimeText.minuteUtc(record.time()) + " · " + record.requestType()
                    + (record.action() == null ? "" : " " + record.action()) + (who == null ? "" : " by " + who)
                    + (record.reason() == null ? "" : ": " + record.reason());
        }
    }

    void register(Router router) {
        router.get("/", Access.USER, request -> {
            Frame frame = new Frame("Signing Service", Frame.Section.HOME, request.session());
            boolean admin = frame.admin();
            return templates.page("home", new HomeView(frame, request.baseUrl(), Fingerprints.lines(tlsSha256),
                    downloads.names(), admin ? downloads.folder().toString() : null,
                    admin ? List.of() : dashboard.administrators(), admin ? dashboard.summary() : null));
        });
        router.get("/downloads/{name}", Access.USER, request -> {
            String name = request.pathParameter("name");
            return ApiResponse.file("application/octet-stream", downloads.file(name)).attachment(name);
        });
    }
}

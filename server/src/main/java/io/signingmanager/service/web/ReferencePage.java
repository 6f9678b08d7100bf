package io.signingmanager.service.web;

import io.signingmanager.service.audit.SigningLog;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.reference.Diagnostics;
import io.signingmanager.common.crypto.Fingerprints;
import java.util.List;
import java.util.Locale;

/**
 * The API Reference, for everyone signed in: the version for support, the OpenAPI document, and
 * what diagnosing a client's connection needs (the same report as {@code /api/v1/diagnostics}).
 */
public final class ReferencePage {
    private final Templates templates;
    private final Diagnostics diagnostics;
    private final SigningLog signingLog;

    ReferencePage(Templates templates, Diagnostics diagnostics, SigningLog signingLog) {
        this.templates = templates;
        this.diagnostics = diagnostics;
        this.signingLog = signingLog;
    }

    public record ReferenceView(Frame frame, Diagnostics.Report report, String serverTime, String roundTrip,
                                String logKey, long logSize) {
        public String yourAddress() {
            return Addresses.display(report.yourAddress());
        }

        /** The last good backup as the diagnostics report it, in words. */
        public String lastBackup() {
            Diagnostics.BackupReport backup = report.backup();
            if (!backup.takenByService()) {
                return "taken with pg_dump (the database is PostgreSQL)";
            }
            String last = backup.lastGoodAt() == null ? "none yet" : TimeText.time(backup.lastGoodAt());
            return last + (backup.scheduled() ? "; scheduled" : "; none scheduled")
                    + (backup.lastFailureAt() == null ? "" : "; the last scheduled one failed at " + TimeText.time(backup.lastFailureAt()));
        }

        /** The service's TLS certificate SHA-256 in the lines every place writes it. */
        public List<String> tlsSha256Lines() {
            return Fingerprints.lines(report.tlsCertificateSha256());
        }
    }

    void register(Router router) {
        router.get("/reference", Access.USER, request -> {
            Diagnostics.Report report = diagnostics.report(request.baseUrl(), request.remoteAddress());
            return templates.page("reference/reference", new ReferenceView(
                    new Frame("API Reference", Frame.Section.REFERENCE, request.session()), report,
                    TimeText.time(report.serverTime()),
                    String.format(Locale.ROOT, "%.1f ms", report.database().roundTripMillis()),
                    signingLog.key().toString(), signingLog.size()));
        });
    }
}

package io.signingmanager.service.web;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.reference.Diagnostics;
import java.util.Locale;

/**
 * The API Reference, for everyone signed in: the version for support, the OpenAPI document, and
 * what diagnosing a client's connection needs (the same report as {@code /api/v1/diagnostics}).
 */
public final class ReferencePage {
    private final Templates templates;
    private final Diagnostics diagnostics;

    ReferencePage(Templates templates, Diagnostics diagnostics) {
        this.templates = templates;
        this.diagnostics = diagnostics;
    }

    public record ReferenceView(Frame frame, Diagnostics.Report report, String serverTime, String roundTrip) {
    }

    void register(Router router) {
        router.get("/reference", Access.USER, request -> {
            Diagnostics.Report report = diagnostics.report(request.baseUrl(), request.remoteAddress());
            return templates.page("reference/reference", new ReferenceView(
                    new Frame("API Reference", Frame.Section.REFERENCE, request.session()), report,
                    TimeText.time(report.serverTime()),
                    String.format(Locale.ROOT, "%.1f ms", report.database().roundTripMillis())));
        });
    }
}

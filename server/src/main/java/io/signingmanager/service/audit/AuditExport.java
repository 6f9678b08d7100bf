package io.signingmanager.service.audit;

import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.http.ApiResponse;
import java.time.Instant;
import java.util.List;

/** The audit records of a date range as a file to save, CSV or JSON: for the JSON API and the Audit page. */
public final class AuditExport {
    /** The formats an export comes in. */
    public static final List<String> FORMATS = List.of("csv", "json");

    private AuditExport() {
    }

    /** Every record in {@code [from, to)} (either end open when {@code null}), oldest first, as an attachment. */
    public static ApiResponse file(AuditLog audit, String format, Instant from, Instant to) throws ApiException {
        if (!FORMATS.contains(format)) {
            throw ApiException.badRequest("Query parameter 'format' must be json or csv");
        }
        List<AuditRecord> records = audit.export(from, to);
        String name = "audit-" + (from == null ? "start" : from.toString().replace(':', '-')) + "-to-"
                + (to == null ? "now" : to.toString().replace(':', '-'));
        return "json".equals(format)
                ? ApiResponse.ok(records).attachment(name + ".json")
                : ApiResponse.text(200, "text/csv; charset=utf-8", AuditCsv.write(records)).attachment(name + ".csv");
    }
}

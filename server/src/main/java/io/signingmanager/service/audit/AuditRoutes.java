package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.WireName;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /api/v1/admin/audit}: list with filters (admin actions too: {@code type=admin}, {@code action},
 * {@code username}), export by date range, chain check, retention. Admins only.
 */
public final class AuditRoutes {
    private final AuditLog audit;

    public AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    public void register(Router router) {
        router.get("/api/v1/admin/audit", Access.ADMIN, this::listOrExport);
        router.get("/api/v1/admin/audit/verify", Access.ADMIN, request -> ApiResponse.ok(audit.verify()));
        router.get("/api/v1/admin/audit/retention", Access.ADMIN,
                request -> ApiResponse.ok(Map.of("retentionDays", audit.retention().toDays())));
    }

    private ApiResponse listOrExport(ApiRequest request) throws Refusal {
        Instant from = request.queryInstant("from");
        Instant to = request.queryInstant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.badRequest("'from' must be before 'to'");
        }
        String format = request.query("format");
        if (format != null) {
            return download(AuditExport.file(audit, format, from, to));
        }
        RequestType type = oneOf("type", request.query("type"), RequestType.class);
        Status status = oneOf("status", request.query("status"), Status.class);
        AdminAction action = oneOf("action", request.query("action"), AdminAction.class);
        AuditFilter filter = new AuditFilter(from, to, type, status, request.query("apiKeyId"), request.query("clientId"),
                action, request.query("username"), request.queryInt("limit", 100, 1, 1000), request.queryInt("offset", 0, 0, Integer.MAX_VALUE));
        return ApiResponse.ok(audit.list(filter));
    }

    private static <E extends Enum<E> & WireName> E oneOf(String name, String value, Class<E> type) throws Refusal {
        E chosen = WireName.fromWire(type, value);
        if (value != null && chosen == null) {
            throw Refusal.badRequest("Query parameter '" + name + "' must be one of " + WireName.names(type));
        }
        return chosen;
    }

    /** The export as an attachment, written while it is sent. */
    public static ApiResponse download(AuditExport.File file) {
        return ApiResponse.stream(200, file.mediaType(), file.content()::writeTo).attachment(file.name());
    }
}

package io.signingmanager.service.testing;

import static io.signingmanager.service.testing.TestService.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the service holds, read over its admin API: the ids of users, certificates, API keys,
 * clients and App Store Connect keys, how many audit records there are, whether a license is stored, and the
 * backup schedule. Two snapshots that
 * are equal mean a refused request wrote nothing.
 */
public record Inventory(Set<String> users, Set<String> certificates, Set<String> apiKeys, Set<String> clients,
                        Set<String> connectKeys, long auditRecords, boolean licensed, String backupSchedule) {

    public static Inventory of(TestService service) {
        String admin = service.adminToken();
        Http http = service.http;
        return new Inventory(ids(http, "/api/v1/admin/users", admin), ids(http, "/api/v1/admin/certificates", admin),
                ids(http, "/api/v1/admin/api-keys", admin), ids(http, "/api/v1/admin/clients", admin),
                ids(http, "/api/v1/admin/apple/connect-keys", admin), auditTotal(service),
                expect(http.get("/api/v1/admin/license", admin), 200).json().get("licensed").asBoolean(),
                String.valueOf(expect(http.get("/api/v1/admin/backup", admin), 200).json().get("schedule")));
    }

    public static long auditTotal(TestService service) {
        return expect(service.http.get("/api/v1/admin/audit?limit=1", service.adminToken()), 200).json().get("total").asLong();
    }

    /** The newest audit record. */
    public static JsonNode lastAuditRecord(TestService service) {
        return expect(service.http.get("/api/v1/admin/audit?limit=1", service.adminToken()), 200).json().get("records").get(0);
    }

    /** The same inventory with the audit count moved on by {@code records}. */
    public Inventory plusAudit(long records) {
        return new Inventory(users, certificates, apiKeys, clients, connectKeys, auditRecords + records, licensed,
                backupSchedule);
    }

    private static Set<String> ids(Http http, String path, String token) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode item : expect(http.get(path, token), 200).json()) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }
}

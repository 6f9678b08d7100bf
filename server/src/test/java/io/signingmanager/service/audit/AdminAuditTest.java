package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Csv;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every admin change leaves exactly one audit record (request type {@code admin}) saying who did
 * what to which object, with the values before and after; a change whose record cannot be written
 * does not happen; a signed-in user refused a page or an API call is recorded; the list filters by
 * type, action and user, and the exports carry the admin fields.
 */
class AdminAuditTest {
    private static final String AUDIT = "/api/v1/admin/audit";
    private static final String CERTIFICATES = "/api/v1/admin/certificates/";

    @RunningService
    private static TestService service;
    private static String admin;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
    }

    @Test
    void certificateImportEditStatusAuthorizationAndDeletionEachLeaveOneRecord() {
        TestPki.TestIdentity first = TestPki.ec("secp256r1", "Audited Cert");
        JsonNode imported = one(() -> service.importP12(first.p12("pw"), "pw"), "certificate.import");
        String id = imported.get("objectId").asText();
        assertThat(imported.get("objectKind").asText()).isEqualTo("certificate");
        assertThat(imported.get("objectName").asText()).isEqualTo("Audited Cert");
        assertThat(imported.get("certificateSha1").asText()).isEqualTo(first.sha1());
        assertThat(imported.get("after").get("sha1").asText()).isEqualTo(first.sha1());
        assertThat(imported.has("before")).isFalse();

        JsonNode off = one(() -> expect(service.http.patch(CERTIFICATES + id, admin, Map.of("active", false)), 200),
                "certificate.deactivate");
        assertChange(off, "active", "true", "false");
        assertChange(one(() -> expect(service.http.patch(CERTIFICATES + id, admin, Map.of("active", true)), 200),
                "certificate.activate"), "active", "false", "true");

        JsonNode key = service.createApiKey("for authorization");
        JsonNode authorized = one(() -> expect(service.http.put(CERTIFICATES + id + "/authorized-keys", admin,
                Map.of("all", false, "apiKeyIds", List.of(key.get("id").asText()))), 200), "certificate.authorize");
        assertChange(authorized, "allKeys", "true", "false");
        assertThat(authorized.get("after").get("apiKeys").asText()).isEqualTo("for authorization");
        assertThat(authorized.get("after").get("apiKeyIds").asText()).isEqualTo(key.get("id").asText());

        TestPki.TestIdentity second = TestPki.ec("secp256r1", "Audited Cert Renewed");
        JsonNode replaced = one(() -> expect(service.http.upload("PUT", CERTIFICATES + id, admin, "file", second.p12("x"),
                Map.of("password", "x")), 200), "certificate.replace");
        assertChange(replaced, "sha1", first.sha1(), second.sha1());
        assertChange(replaced, "commonName", "Audited Cert", "Audited Cert Renewed");

        JsonNode deleted = one(() -> expect(service.http.delete(CERTIFICATES + id, admin), 204), "certificate.delete");
        assertThat(deleted.get("objectId").asText()).isEqualTo(id);
        assertThat(deleted.get("before").get("commonName").asText()).isEqualTo("Audited Cert Renewed");
    }

    @Test
    void apiKeyCreationShowValueStatusRenameAndDeletionEachLeaveOneRecordAndNeverTheValue() {
        long before = newestId();
        JsonNode created = service.createApiKey("ci audited");
        String id = created.get("id").asText();
        String value = created.get("key").asText();
        assertThat(adminRecordsAfter(before)).hasSize(1);
        JsonNode creation = adminRecordsAfter(before).get(0);
        assertThat(creation.get("action").asText()).isEqualTo("api-key.create");
        assertThat(creation.get("apiKeyId").asText()).isEqualTo(id);
        assertThat(creation.get("after").get("name").asText()).isEqualTo("ci audited");

        JsonNode shown = one(() -> expect(service.http.get("/api/v1/admin/api-keys/" + id + "/value", admin), 200),
                "api-key.show-value");
        assertThat(shown.get("objectName").asText()).isEqualTo("ci audited");
        assertChange(one(() -> expect(service.http.patch("/api/v1/admin/api-keys/" + id, admin, Map.of("active", false)),
                200), "api-key.deactivate"), "active", "true", "false");
        assertChange(one(() -> expect(service.http.patch("/api/v1/admin/api-keys/" + id, admin,
                Map.of("name", "ci renamed")), 200), "api-key.rename"), "name", "ci audited", "ci renamed");
        one(() -> expect(service.http.delete("/api/v1/admin/api-keys/" + id, admin), 204), "api-key.delete");

        String everything = expect(service.http.get(AUDIT + "?format=json", admin), 200).text()
                + expect(service.http.get(AUDIT + "?format=csv", admin), 200).text();
        assertThat(everything).contains("api-key.show-value").doesNotContain(value)
                .doesNotContain(value.substring(4));
    }

    @Test
    void clientStatusAndDeletionEachLeaveOneRecord() {
        JsonNode key = service.createApiKey("client key");
        String clientId = service.registerClient(key.get("key").asText(), "audited-host").get("clientId").asText();
        JsonNode off = one(() -> expect(service.http.patch("/api/v1/admin/clients/" + clientId, admin,
                Map.of("active", false)), 200), "client.deactivate");
        assertChange(off, "active", "true", "false");
        assertThat(off.get("objectName").asText()).isEqualTo("audited-host");
        assertThat(off.get("clientId").asText()).isEqualTo(clientId);
        assertThat(off.get("apiKeyName").asText()).isEqualTo("client key");
        one(() -> expect(service.http.patch("/api/v1/admin/clients/" + clientId, admin, Map.of("active", true)), 200),
                "client.activate");
        one(() -> expect(service.http.delete("/api/v1/admin/clients/" + clientId, admin), 204), "client.delete");
    }

    @Test
    void userCreationChangePasswordResetAndDeletionEachLeaveOneRecordAndNeverThePassword() {
        String password = "first password of carol";
        JsonNode created = one(() -> expect(service.http.post("/api/v1/admin/users", admin,
                Map.of("username", "carol", "password", password, "admin", false)), 201), "user.create");
        String id = created.get("objectId").asText();
        assertThat(created.get("username").asText()).isEqualTo("admin");
        assertThat(created.get("objectName").asText()).isEqualTo("carol");
        assertThat(created.get("after").get("admin").asText()).isEqualTo("false");

        assertChange(one(() -> expect(service.http.patch("/api/v1/admin/users/" + id, admin, Map.of("admin", true)), 200),
                "user.update"), "admin", "false", "true");
        String newPassword = "reset password of carol";
        JsonNode reset = one(() -> expect(service.http.post("/api/v1/admin/users/" + id + "/password", admin,
                Map.of("password", newPassword)), 200), "user.password-reset");
        assertThat(reset.get("after").get("mustChangePassword").asText()).isEqualTo("true");
        JsonNode deleted = one(() -> expect(service.http.delete("/api/v1/admin/users/" + id, admin), 204), "user.delete");
        assertThat(deleted.get("before").get("admin").asText()).isEqualTo("true");

        assertThat(expect(service.http.get(AUDIT + "?format=json", admin), 200).text())
                .doesNotContain(password).doesNotContain(newPassword);
    }

    @Test
    void aChangeWhoseRecordCannotBeWrittenDoesNotHappen() throws Exception {
        String id = service.importP12(TestPki.ec("secp256r1", "Unrecordable").p12("pw"), "pw").get("id").asText();
        int keys = expect(service.http.get("/api/v1/admin/api-keys", admin), 200).json().size();
        long before = newestId();
        // From here on no record can be inserted: the audit as when it cannot be written.
        sql("ALTER TABLE audit_records ADD CONSTRAINT no_more_records CHECK (id <= " + before + ")");
        try {
            expect(service.http.patch(CERTIFICATES + id, admin, Map.of("active", false)), 500);
            expect(service.http.post("/api/v1/admin/api-keys", admin, Map.of("name", "never")), 500);
            expect(service.http.delete(CERTIFICATES + id, admin), 500);
        } finally {
            sql("ALTER TABLE audit_records DROP CONSTRAINT no_more_records");
        }
        assertThat(expect(service.http.get(CERTIFICATES + id, admin), 200).json().get("active").asBoolean()).isTrue();
        assertThat(expect(service.http.get("/api/v1/admin/api-keys", admin), 200).json().size()).isEqualTo(keys);
        assertThat(adminRecordsAfter(before)).isEmpty();
        assertThat(expect(service.http.get(AUDIT + "/verify", admin), 200).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aSignedInUserRefusedAnAdminCallOrPageIsRecordedAndWhatTheyMayDoIsAudited() {
        String viewer = service.userToken("viewer", false);
        JsonNode call = one(() -> expect(service.http.post("/api/v1/admin/users", viewer,
                Map.of("username", "mallory", "password", "a password for mallory", "admin", true)), 403),
                "access.refused");
        assertThat(call.get("status").asText()).isEqualTo("failure");
        assertThat(call.get("username").asText()).isEqualTo("viewer");
        assertThat(call.get("objectKind").asText()).isEqualTo("api");
        assertThat(call.get("objectName").asText()).isEqualTo("POST /api/v1/admin/users");
        assertThat(call.get("reason").asText()).contains("admins");
        assertThat(call.toString()).doesNotContain("mallory");

        JsonNode page = one(() -> expect(service.http.get("/users", viewer), 403), "access.refused");
        assertThat(page.get("objectKind").asText()).isEqualTo("page");
        assertThat(page.get("objectName").asText()).isEqualTo("GET /users");

        // Not signed in: no record (anonymous callers leave nothing of theirs in the audit).
        long before = newestId();
        expect(service.http.get("/api/v1/admin/users", null), 401);
        assertThat(adminRecordsAfter(before)).isEmpty();

        // What a non-admin may do is audited under their name.
        String id = service.importP12(TestPki.ec("secp256r1", "Viewer Toggles").p12("pw"), "pw").get("id").asText();
        JsonNode toggled = one(() -> expect(service.http.patch(CERTIFICATES + id, viewer, Map.of("active", false)), 200),
                "certificate.deactivate");
        assertThat(toggled.get("username").asText()).isEqualTo("viewer");
    }

    @Test
    void theListFiltersByTypeActionAndUserAndTheExportsCarryTheAdminFields() throws Exception {
        service.userToken("filtered", false);
        JsonNode byAction = expect(service.http.get(AUDIT + "?type=admin&action=user.create&limit=1000", admin), 200)
                .json();
        assertThat(byAction.get("total").asLong()).isPositive();
        byAction.get("records").forEach(r -> assertThat(r.get("action").asText()).isEqualTo("user.create"));
        assertThat(byAction.get("records").findValuesAsText("objectName")).contains("filtered");

        JsonNode byUser = expect(service.http.get(AUDIT + "?username=filtered&limit=1000", admin), 200).json();
        assertThat(byUser.get("total").asLong()).isPositive();
        byUser.get("records").forEach(r -> assertThat(r.get("username").asText()).isEqualTo("filtered"));
        assertThat(expect(service.http.get(AUDIT + "?action=user.fly", admin), 400).text()).contains("action");

        List<List<String>> cells = Csv.parse(expect(service.http.get(AUDIT + "?format=csv", admin), 200).text());
        List<String> header = cells.get(0);
        List<Map<String, String>> rows = cells.subList(1, cells.size()).stream().map(row -> {
            Map<String, String> named = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                named.put(header.get(i), row.get(i));
            }
            return named;
        }).toList();
        Map<String, String> creation = rows.stream().filter(r -> "user.create".equals(r.get("action"))
                && "filtered".equals(r.get("objectName"))).findFirst().orElseThrow();
        assertThat(creation).containsEntry("requestType", "admin").containsEntry("objectKind", "user")
                .containsEntry("username", "admin");
        assertThat(creation.get("after")).contains("username=filtered");
        assertThat(creation.get("previousTime")).isNotEmpty();
        assertThat(creation.get("retentionDays")).isEqualTo("90");
    }

    // --- helpers

    /** Does the action and answers the one admin record it left, which must be of {@code action}. */
    private static JsonNode one(Runnable action, String expected) {
        long before = newestId();
        action.run();
        List<JsonNode> records = adminRecordsAfter(before);
        assertThat(records).as("admin records after %s", expected).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(record.get("action").asText()).isEqualTo(expected);
        assertThat(record.get("requestType").asText()).isEqualTo("admin");
        assertThat(record.get("remoteAddress").asText()).isNotEmpty();
        if (!"access.refused".equals(expected)) {
            assertThat(record.get("status").asText()).isEqualTo("success");
        }
        return record;
    }

    private static void assertChange(JsonNode record, String field, String before, String after) {
        assertThat(record.get("before").get(field).asText()).as(field + " before").isEqualTo(before);
        assertThat(record.get("after").get(field).asText()).as(field + " after").isEqualTo(after);
    }

    private static long newestId() {
        return expect(service.http.get(AUDIT + "?limit=1", admin), 200).json().get("records").get(0).get("id").asLong();
    }

    /** The admin records after {@code id}, newest first. */
    private static List<JsonNode> adminRecordsAfter(long id) {
        JsonNode page = expect(service.http.get(AUDIT + "?type=admin&limit=1000", admin), 200).json();
        List<JsonNode> records = new ArrayList<>();
        page.get("records").forEach(r -> {
            if (r.get("id").asLong() > id) {
                records.add(r);
            }
        });
        return records;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = service.service.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}

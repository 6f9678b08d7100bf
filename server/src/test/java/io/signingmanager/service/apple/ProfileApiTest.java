package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import io.signingmanager.service.testing.TestService;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin JSON API for provisioning profiles: upload, list, detail, file, replace, delete, and their audit. */
class ProfileApiTest {
    static final String PROFILES = "/api/v1/admin/apple/profiles";

    @RunningService
    private static TestService service;
    private static String admin;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
    }

    @Test
    void uploadedProfileIsListedShownAndServedByteForByte() {
        TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        TestIdentity other = AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION, AppleTestPki.TEAM_ID);
        String certificateId = service.importP12(application.p12("pw"), "pw").get("id").asText();
        AppleTestPki.Profile built = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.shown", application, other)
                .entitlement("com.apple.security.app-sandbox", true);
        byte[] file = built.build();

        JsonNode uploaded = upload(file, 201);
        String id = uploaded.get("id").asText();
        assertThat(uploaded.get("uuid").asText()).isEqualTo(built.uuid());
        assertThat(uploaded.get("name").asText()).isEqualTo("Example App Store com.example.shown");
        assertThat(uploaded.get("teamId").asText()).isEqualTo(AppleTestPki.TEAM_ID);
        assertThat(uploaded.get("teamName").asText()).isEqualTo(AppleTestPki.TEAM_NAME);
        assertThat(uploaded.get("appIdName").asText()).isEqualTo("Example App");
        assertThat(uploaded.get("applicationIdentifier").asText()).isEqualTo(AppleTestPki.TEAM_ID + ".com.example.shown");
        assertThat(uploaded.get("platforms")).extracting(JsonNode::asText).containsExactly("OSX");
        assertThat(uploaded.get("type").asText()).isEqualTo("app-store");
        assertThat(uploaded.get("expired").asBoolean()).isFalse();
        assertThat(uploaded.get("expiresSoon").asBoolean()).isFalse();
        assertThat(uploaded.get("warnings")).isEmpty();
        assertThat(uploaded.has("content")).isFalse();

        JsonNode details = uploaded.get("details");
        assertThat(details.get("deviceCount").asInt()).isZero();
        assertThat(details.get("entitlements").get("com.apple.security.app-sandbox").asBoolean()).isTrue();
        JsonNode linked = details.get("certificates").get(0);
        assertThat(linked.get("sha1").asText()).isEqualTo(application.sha1());
        assertThat(linked.get("appleType").asText()).isEqualTo("mac-app-distribution");
        assertThat(linked.get("teamId").asText()).isEqualTo(AppleTestPki.TEAM_ID);
        assertThat(linked.get("certificateId").asText()).isEqualTo(certificateId);
        assertThat(Instant.parse(linked.get("notAfter").asText())).isEqualTo(application.leaf().getNotAfter().toInstant());
        JsonNode notOurs = details.get("certificates").get(1);
        assertThat(notOurs.get("appleType").asText()).isEqualTo("developer-id-application");
        assertThat(notOurs.has("certificateId")).isFalse();

        String user = service.userToken("profile-viewer", false);
        JsonNode listed = find(expect(service.http.get(PROFILES, user), 200).json(), id);
        assertThat(listed.get("uuid").asText()).isEqualTo(built.uuid());
        assertThat(listed.has("details")).isFalse();
        assertThat(expect(service.http.get(PROFILES + "/" + id, user), 200).json().get("details")).isEqualTo(details);

        Http.Answer served = expect(service.http.get(PROFILES + "/" + id + "/file", user), 200);
        assertThat(served.body()).isEqualTo(file);
        assertThat(served.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(served.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + built.uuid() + ".provisionprofile\"");
    }

    @Test
    void anIosProfileIsServedAsMobileprovision() {
        AppleTestPki.Profile built = AppleTestPki.profile(ProfileType.IN_HOUSE, "com.example.phone").platform("iOS");
        String id = upload(built.build(), 201).get("id").asText();
        assertThat(expect(service.http.get(PROFILES + "/" + id + "/file", admin), 200).header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"" + built.uuid() + ".mobileprovision\"");
    }

    @Test
    void profileExpiringWithinThirtyDaysIsWarnedAboutAndShowsAsExpiredOnceItHas() {
        Instant expiry = Instant.now().plus(Duration.ofDays(10));
        byte[] file = AppleTestPki.profile(ProfileType.DEVELOPER_ID, "com.example.soon").expires(expiry).build();
        // A service of its own: its clock moves on, which ends the sessions the other tests use.
        try (TestService own = TestService.start()) {
            JsonNode uploaded = expect(own.http.upload("POST", PROFILES, own.adminToken(), "file", file, Map.of()), 201)
                    .json();
            assertThat(uploaded.get("expiresSoon").asBoolean()).isTrue();
            JsonNode listed = expect(own.http.get(PROFILES, own.adminToken()), 200).json().get(0);
            assertThat(listed.get("expired").asBoolean()).isFalse();
            assertThat(listed.get("expiresSoon").asBoolean()).isTrue();
            assertThat(listed.get("warnings").get(0).asText()).contains("expires on " + expiry.toString().substring(0, 10))
                    .contains("within 30 days");

            own.clock.advance(Duration.ofDays(11));
            String later = own.login("admin", TestService.ADMIN_PASSWORD);
            JsonNode expired = expect(own.http.get(PROFILES + "/" + uploaded.get("id").asText(), later), 200).json();
            assertThat(expired.get("expired").asBoolean()).isTrue();
            assertThat(expired.get("expiresSoon").asBoolean()).isFalse();
            assertThat(expired.get("warnings").get(0).asText()).contains("expired on");
        }
    }

    @Test
    void theSameProfileTwiceIsAConflict() {
        byte[] file = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.twice").build();
        upload(file, 201);
        int before = profileCount();
        Http.Answer again = upload(file);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("is already uploaded");
        assertThat(profileCount()).isEqualTo(before);
    }

    @Test
    void replaceKeepsTheIdAndTakesOnlyANewerProfileOfTheSameApp() {
        Instant created = Instant.now().minus(Duration.ofDays(5));
        AppleTestPki.Profile first = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.renewed").created(created);
        String id = upload(first.build(), 201).get("id").asText();

        Http.Answer otherApp = replace(id, AppleTestPki.profile(ProfileType.APP_STORE, "com.example.elsewhere").build());
        assertThat(otherApp.status()).isEqualTo(400);
        assertThat(otherApp.error()).isEqualTo("unsuitable_profile");
        assertThat(otherApp.json().get("message").asText())
                .contains(AppleTestPki.TEAM_ID + ".com.example.elsewhere").contains(AppleTestPki.TEAM_ID + ".com.example.renewed");

        Http.Answer older = replace(id, AppleTestPki.profile(ProfileType.APP_STORE, "com.example.renewed")
                .created(created.minus(Duration.ofDays(1))).build());
        assertThat(older.status()).isEqualTo(400);
        assertThat(older.error()).isEqualTo("unsuitable_profile");
        assertThat(older.json().get("message").asText()).contains("before the one it replaces");

        byte[] taken = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.renewed").build();
        upload(taken, 201);
        assertThat(replace(id, taken).status()).isEqualTo(409);
        assertThat(expect(service.http.get(PROFILES + "/" + id, admin), 200).json().get("uuid").asText())
                .isEqualTo(first.uuid());

        AppleTestPki.Profile renewed = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.renewed").name("Renewed");
        byte[] renewedFile = renewed.build();
        JsonNode replaced = expect(replace(id, renewedFile), 200).json();
        assertThat(replaced.get("id").asText()).isEqualTo(id);
        assertThat(replaced.get("uuid").asText()).isEqualTo(renewed.uuid());
        assertThat(replaced.get("name").asText()).isEqualTo("Renewed");
        assertThat(expect(service.http.get(PROFILES + "/" + id + "/file", admin), 200).body()).isEqualTo(renewedFile);

        // The replaced file's UUID is free again: uploading the old file is an admin's deliberate, audited choice.
        upload(first.build(), 201);
    }

    @Test
    void replacingOrDeletingAProfileThatIsNotThereIsNotFound() {
        byte[] file = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.gone").build();
        assertThat(replace("no-such-profile", file).status()).isEqualTo(404);
        assertThat(service.http.delete(PROFILES + "/no-such-profile", admin).status()).isEqualTo(404);
        assertThat(service.http.get(PROFILES + "/no-such-profile/file", admin).status()).isEqualTo(404);
        assertThat(service.http.get(PROFILES + "/no-such-profile", admin).error()).isEqualTo("not_found");
    }

    @Test
    void uploadReplaceAndDeleteEachLeaveOneAuditRecord() {
        AppleTestPki.Profile first = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.audited").name("Audited");
        long start = newestAuditId();
        String id = upload(first.build(), 201).get("id").asText();
        JsonNode uploaded = single(profileRecordsAfter(start));
        assertThat(uploaded.get("action").asText()).isEqualTo("profile.upload");
        assertThat(uploaded.get("objectKind").asText()).isEqualTo("profile");
        assertThat(uploaded.get("objectId").asText()).isEqualTo(id);
        assertThat(uploaded.get("objectName").asText()).isEqualTo("Audited");
        assertThat(uploaded.has("before")).isFalse();
        assertThat(uploaded.get("after").get("uuid").asText()).isEqualTo(first.uuid());
        assertThat(uploaded.get("after").get("applicationIdentifier").asText())
                .isEqualTo(AppleTestPki.TEAM_ID + ".com.example.audited");
        assertThat(uploaded.get("after").has("expiresAt")).isTrue();

        AppleTestPki.Profile second = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.audited").name("Audited 2");
        long afterUpload = newestAuditId();
        expect(replace(id, second.build()), 200);
        JsonNode replaced = single(profileRecordsAfter(afterUpload));
        assertThat(replaced.get("action").asText()).isEqualTo("profile.replace");
        assertThat(replaced.get("before").get("uuid").asText()).isEqualTo(first.uuid());
        assertThat(replaced.get("after").get("uuid").asText()).isEqualTo(second.uuid());
        assertThat(replaced.get("after").get("name").asText()).isEqualTo("Audited 2");

        long afterReplace = newestAuditId();
        expect(service.http.delete(PROFILES + "/" + id, admin), 204);
        JsonNode deleted = single(profileRecordsAfter(afterReplace));
        assertThat(deleted.get("action").asText()).isEqualTo("profile.delete");
        assertThat(deleted.get("before").get("uuid").asText()).isEqualTo(second.uuid());
        assertThat(deleted.has("after")).isFalse();
        assertThat(service.http.get(PROFILES + "/" + id, admin).status()).isEqualTo(404);
        assertThat(find(expect(service.http.get(PROFILES, admin), 200).json(), id)).isNull();
    }

    @Test
    void deletingAProfileEmptiesTheWorkflowSlotsThatHeldIt() throws SQLException {
        String id = upload(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.slotted").build(), 201).get("id").asText();
        Instant now = Instant.now();
        try (Connection c = service.service.database().dataSource().getConnection()) {
            Sql.update(c, "INSERT INTO workflows (id, name, bundle_id, distribution, signing_method, profile_id, "
                    + "all_keys_authorized, created_at, updated_at) VALUES ('w1', 'Slotted', 'com.example.slotted', "
                    + "'mac-app-store', 'manual', ?, TRUE, ?, ?)", id, now, now);
            Sql.update(c, "INSERT INTO workflow_extensions (workflow_id, bundle_id, profile_id) VALUES ('w1', "
                    + "'com.example.slotted.widget', ?)", id);
        }
        expect(service.http.delete(PROFILES + "/" + id, admin), 204);
        try (Connection c = service.service.database().dataSource().getConnection()) {
            assertThat(Sql.one(c, "SELECT profile_id FROM workflows WHERE id = 'w1'", row -> Optional.ofNullable(
                    row.getString(1)))).contains(Optional.empty());
            assertThat(Sql.one(c, "SELECT profile_id FROM workflow_extensions WHERE workflow_id = 'w1'",
                    row -> Optional.ofNullable(row.getString(1)))).contains(Optional.empty());
        }
    }

    private static JsonNode upload(byte[] file, int status) {
        return expect(upload(file), status).json();
    }

    private static Http.Answer upload(byte[] file) {
        return service.http.upload("POST", PROFILES, admin, "file", file, Map.of());
    }

    private static Http.Answer replace(String id, byte[] file) {
        return service.http.upload("PUT", PROFILES + "/" + id, admin, "file", file, Map.of());
    }

    private static int profileCount() {
        return expect(service.http.get(PROFILES, admin), 200).json().size();
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode profile : list) {
            if (profile.get("id").asText().equals(id)) {
                return profile;
            }
        }
        return null;
    }

    private static long newestAuditId() {
        return expect(service.http.get("/api/v1/admin/audit?limit=1", admin), 200).json().get("records").get(0)
                .get("id").asLong();
    }

    /** The audit's records of profile changes after {@code id}. */
    private static List<JsonNode> profileRecordsAfter(long id) {
        List<JsonNode> records = new ArrayList<>();
        expect(service.http.get("/api/v1/admin/audit?type=admin&limit=1000", admin), 200).json().get("records")
                .forEach(record -> {
                    if (record.get("id").asLong() > id && record.get("action").asText().startsWith("profile.")) {
                        records.add(record);
                    }
                });
        return records;
    }

    private static JsonNode single(List<JsonNode> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}

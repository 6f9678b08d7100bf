package io.signingmanager.service.appstore;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.storage.Sql;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** App Store Connect API keys over the JSON API: add, list, get, delete, in-use refusal, audit; the .p8 never shown. */
class ConnectKeyApiTest {
    static final String PATH = "/api/v1/admin/apple/connect-keys";
    static final String ISSUER = "57246542-96fe-1a63-e053-0824d011072a";

    @RunningService
    private static TestService service;

    @Test
    void addListGetAndDeleteAreAuditedAndNeverShowTheP8() {
        String p8 = p8();
        JsonNode added = expect(service.http.post(PATH, service.adminToken(),
                input("  Team key  ", ISSUER, "ABCDE12345", p8)), 201).json();
        String id = added.get("id").asText();
        assertThat(added.get("name").asText()).as("trimmed").isEqualTo("Team key");
        assertThat(added.get("issuerId").asText()).isEqualTo(ISSUER);
        assertThat(added.get("keyId").asText()).isEqualTo("ABCDE12345");
        assertThat(added.has("teamId")).as("not known before a call").isFalse();
        assertThat(added.has("lastUsedAt")).isFalse();
        assertThat(added.get("createdAt").asText()).isNotEmpty();
        assertThat(added.toString()).doesNotContain("p8", body(p8));

        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("connect-key.add");
        assertThat(record.get("objectKind").asText()).isEqualTo("connect-key");
        assertThat(record.get("objectName").asText()).isEqualTo("Team key");
        assertThat(record.at("/after/keyId").asText()).isEqualTo("ABCDE12345");
        assertThat(record.at("/after/issuerId").asText()).isEqualTo(ISSUER);
        assertThat(record.toString()).doesNotContain(body(p8));

        JsonNode list = expect(service.http.get(PATH, service.adminToken()), 200).json();
        assertThat(list.findValuesAsText("id")).contains(id);
        assertThat(list.toString()).doesNotContain(body(p8));
        JsonNode one = expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json();
        assertThat(one).isEqualTo(added);

        expect(service.http.delete(PATH + "/" + id, service.adminToken()), 204);
        record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("connect-key.delete");
        assertThat(record.at("/before/name").asText()).isEqualTo("Team key");
        assertThat(service.http.get(PATH + "/" + id, service.adminToken()).status()).isEqualTo(404);
        assertThat(service.http.delete(PATH + "/" + id, service.adminToken()).status()).isEqualTo(404);
    }

    @Test
    void aTakenNameOrKeyIdIsAConflict() {
        expect(service.http.post(PATH, service.adminToken(), input("Unique key", ISSUER, "UNIQUE0001", p8())), 201);
        Http.Answer sameName = service.http.post(PATH, service.adminToken(), input("Unique key", ISSUER, "UNIQUE0002", p8()));
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.json().get("message").asText()).contains("named 'Unique key' exists already");
        Http.Answer sameKeyId = service.http.post(PATH, service.adminToken(), input("Other name", ISSUER, "UNIQUE0001", p8()));
        assertThat(sameKeyId.status()).isEqualTo(409);
        assertThat(sameKeyId.json().get("message").asText()).contains("UNIQUE0001 is added already, as 'Unique key'");
    }

    @Test
    void eachFieldIsCheckedAndSaysWhatIsWrong() throws Exception {
        Inventory before = Inventory.of(service);
        assertRefused(input("", ISSUER, "FIELDS0001", p8()), "bad_request", "'name' is required");
        assertRefused(input("tab\there", ISSUER, "FIELDS0001", p8()), "bad_request", "printable");
        assertRefused(input("x".repeat(201), ISSUER, "FIELDS0001", p8()), "bad_request", "longer than 200");
        assertRefused(input("Fields", "not-a-uuid", "FIELDS0001", p8()), "invalid_connect_key", "'issuerId' must be a UUID");
        assertRefused(input("Fields", ISSUER, "lower12345", p8()), "invalid_connect_key", "'keyId' must be 10 upper-case");
        assertRefused(input("Fields", ISSUER, "SHORT", p8()), "invalid_connect_key", "'keyId' must be 10 upper-case");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", null), "invalid_connect_key", "The .p8 file is missing");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", "hello"), "invalid_connect_key", "not a PEM private key");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", Pem.encode("PRIVATE KEY", TestPki.rsaKeys(2048)
                .getPrivate().getEncoded())), "invalid_connect_key", "type RSA");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", Pem.encode("PRIVATE KEY", TestPki.ecKeys("secp384r1")
                .getPrivate().getEncoded())), "invalid_connect_key", "another curve (384 bits)");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", Pem.encode("CERTIFICATE",
                TestPki.ec("secp256r1", "Not a key").leaf().getEncoded())), "invalid_connect_key", "holds a PEM CERTIFICATE block");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n"),
                "invalid_connect_key", "not base64");
        assertRefused(input("Fields", ISSUER, "FIELDS0001", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                "invalid_connect_key", "not a PKCS#8 private key");
        assertThat(Inventory.of(service)).as("nothing written, nothing audited").isEqualTo(before);
    }

    @Test
    void aKeyAWorkflowUsesCannotBeDeleted() throws Exception {
        String id = expect(service.http.post(PATH, service.adminToken(), input("Used key", ISSUER, "INUSE00001", p8())), 201)
                .json().get("id").asText();
        String workflow = expect(service.http.post("/api/v1/admin/apple/workflows", service.adminToken(), Map.of(
                "name", "Uses the key", "bundleId", "com.example.used", "distribution", "mac-app-store", "method", "manual")),
                201).json().get("id").asText();
        // The workflow's API key is set by the workflow pages' helper; the column is what the rule reads.
        service.service.database().transaction(c -> Sql.update(c,
                "UPDATE workflows SET connect_key_id = ? WHERE id = ?", id, workflow));

        Http.Answer refused = service.http.delete(PATH + "/" + id, service.adminToken());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("used by the workflow 'Uses the key'");
        expect(service.http.get(PATH + "/" + id, service.adminToken()), 200);

        service.service.database().transaction(c -> Sql.update(c,
                "UPDATE workflows SET connect_key_id = NULL WHERE id = ?", workflow));
        expect(service.http.delete(PATH + "/" + id, service.adminToken()), 204);
    }

    private static void assertRefused(Map<String, Object> input, String code, String message) {
        Http.Answer answer = service.http.post(PATH, service.adminToken(), input);
        assertThat(answer.status()).as(message).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).as(message).isEqualTo(code);
        assertThat(answer.json().get("message").asText()).contains(message);
    }

    static Map<String, Object> input(String name, String issuerId, String keyId, String p8) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", name);
        input.put("issuerId", issuerId);
        input.put("keyId", keyId);
        if (p8 != null) {
            input.put("p8", p8);
        }
        return input;
    }

    /** A new .p8 file's text: a PEM PKCS#8 EC P-256 key. */
    static String p8() {
        return Pem.encode("PRIVATE KEY", TestPki.ecKeys("secp256r1").getPrivate().getEncoded());
    }

    private static String body(String pem) {
        return pem.lines().skip(1).findFirst().orElseThrow();
    }
}

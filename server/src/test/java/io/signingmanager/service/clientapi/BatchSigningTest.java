package io.signingmanager.service.clientapi;

import static io.signingmanager.service.testing.ProtocolAssertions.assertError;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/client/sign-batch} over real HTTP: per-item results, the caller checked once, the audit. */
class BatchSigningTest {
    @RunningService
    private static TestService service;
    private static SigningServiceClient client;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;
    private static TestPki.TestIdentity restricted;
    private static TestPki.TestIdentity retired;
    private static String token;
    private static String clientId;
    private static String otherKeyId;

    @BeforeAll
    static void start() {
        client = service.protocolClient();
        rsa = TestPki.rsa(2048, "Batch RSA");
        ec = TestPki.ec("secp256r1", "Batch EC");
        restricted = TestPki.ec("secp256r1", "Batch Restricted");
        retired = TestPki.ec("secp256r1", "Batch Retired");
        service.importP12(rsa.p12("pw"), "pw");
        service.importP12(ec.p12("pw"), "pw");
        String restrictedId = service.importP12(restricted.p12("pw"), "pw").get("id").asText();
        String retiredId = service.importP12(retired.p12("pw"), "pw").get("id").asText();
        otherKeyId = service.createApiKey("someone else").get("id").asText();
        expect(service.http.put("/api/v1/admin/certificates/" + restrictedId + "/authorized-keys", admin(),
                Map.of("all", false, "apiKeyIds", List.of(otherKeyId))), 200);
        expect(service.http.patch("/api/v1/admin/certificates/" + retiredId, admin(),
                Map.of("active", false)), 200);
        JsonNode registered = service.registerClient(service.createApiKey("batch").get("key").asText(), "batcher");
        token = registered.get("clientToken").asText();
        clientId = registered.get("clientId").asText();
    }

    @Test
    void aMixedBatchSignsTheGoodItemsAndRefusesEachBadOneAloneEachAuditedInOneChain() throws Exception {
        byte[] digest = HashAlgorithm.SHA256.digest("mixed".getBytes(StandardCharsets.UTF_8));
        List<SignRequest> items = List.of(
                item(rsa.sha1(), "RSA_PKCS1_SHA256", digest, "good-rsa.exe"),
                item(ec.sha1(), "ECDSA_SHA256", digest, "good-ec.jar"),
                item("0".repeat(40), "ECDSA_SHA256", digest, "unknown.jar"),
                item(restricted.sha1(), "ECDSA_SHA256", digest, "unauthorized.jar"),
                item(retired.sha1(), "ECDSA_SHA256", digest, "inactive.jar"),
                new SignRequest(ec.sha1(), "ECDSA_SHA256", "not base64!", new SignContext("bad-base64.jar", null, null, null)),
                item(ec.sha1(), "ECDSA_SHA256", new byte[31], "short-digest.jar"),
                item(ec.sha1(), "ECDSA_MD5", digest, "unknown-algorithm.jar"),
                item("xyz", "ECDSA_SHA256", digest, "bad-sha1.jar"),
                new SignRequest(ec.sha1(), "ECDSA_SHA256", Base64.getEncoder().encodeToString(digest),
                        new SignContext("x".repeat(501), null, null, null)));
        long before = auditTotal("");

        List<SignBatchResult> results = client.signBatch(token, new SignBatchRequest(items)).results();

        assertThat(results).hasSize(items.size());
        assertThat(verifies("SHA256withRSA", rsa.leaf(), results.get(0), "mixed")).isTrue();
        assertThat(verifies("SHA256withECDSA", ec.leaf(), results.get(1), "mixed")).isTrue();
        assertThat(results.subList(2, results.size())).extracting(SignBatchResult::error).containsExactly(
                "unknown_certificate", "not_authorized", "certificate_inactive", "bad_request", "bad_request",
                "bad_request", "bad_request", "bad_request");
        assertThat(results.subList(2, results.size())).allSatisfy(r -> {
            assertThat(r.signature()).isNull();
            assertThat(r.message()).isNotBlank();
        });

        JsonNode records = audit("", items.size()).get("records");
        assertThat(auditTotal("") - before).isEqualTo(items.size());
        List<JsonNode> oldestFirst = new ArrayList<>();
        records.forEach(oldestFirst::add);
        Collections.reverse(oldestFirst);
        for (int i = 0; i < items.size(); i++) {
            JsonNode record = oldestFirst.get(i);
            assertThat(record.get("requestType").asText()).isEqualTo("sign");
            assertThat(record.get("status").asText()).isEqualTo(i < 2 ? "success" : "failure");
            assertThat(record.get("context").get("batch").asText()).isEqualTo((i + 1) + "/" + items.size());
            if (i < 9) {
                assertThat(record.get("context").get("fileName").asText())
                        .isEqualTo(items.get(i).context().fileName());
            }
        }
        assertThat(oldestFirst.get(0).get("certificateSha1").asText()).isEqualTo(rsa.sha1());
        assertThat(oldestFirst.get(0).get("algorithm").asText()).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(oldestFirst.get(3).get("reason").asText()).startsWith("not_authorized: ");
        assertThat(oldestFirst.get(4).get("reason").asText()).startsWith("certificate_inactive: ");
        JsonNode chain = expect(service.http.get("/api/v1/admin/audit/verify", admin()), 200).json();
        assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
    }

    @Test
    void aThousandItemsAreSignedAndAMissingEmptyOrLargerBatchIsRefusedWhole() throws Exception {
        List<SignRequest> items = new ArrayList<>();
        for (int i = 0; i < SignBatchRequest.MAX_ITEMS; i++) {
            items.add(item(ec.sha1(), "ECDSA_SHA256", HashAlgorithm.SHA256.digest(("file " + i).getBytes(StandardCharsets.UTF_8)),
                    "file-" + i + ".ps1"));
        }
        long signedBefore = auditTotal("&status=success");

        List<SignBatchResult> results = client.signBatch(token, new SignBatchRequest(items)).results();

        assertThat(results).hasSize(SignBatchRequest.MAX_ITEMS);
        for (int i = 0; i < results.size(); i++) {
            assertThat(verifies("SHA256withECDSA", ec.leaf(), results.get(i), "file " + i)).as("item %d", i).isTrue();
        }
        assertThat(auditTotal("&status=success") - signedBefore).isEqualTo(SignBatchRequest.MAX_ITEMS);

        List<SignRequest> tooMany = new ArrayList<>(items);
        tooMany.add(items.get(0));
        assertError(() -> client.signBatch(token, new SignBatchRequest(tooMany)), 400, "bad_request");
        assertError(() -> client.signBatch(token, new SignBatchRequest(List.of())), 400, "bad_request");
        assertError(() -> client.signBatch(token, new SignBatchRequest(null)), 400, "bad_request");
        assertThat(auditTotal("&status=success") - signedBefore).isEqualTo(SignBatchRequest.MAX_ITEMS);
        assertThat(expect(service.http.get("/api/v1/admin/audit/verify", admin()), 200).json().get("valid").asBoolean())
                .isTrue();
    }

    @Test
    void anUnknownTokenAnInactiveClientOrAnInactiveKeyIsRefusedForTheWholeBatch() throws Exception {
        JsonNode key = service.createApiKey("toggled batch");
        JsonNode registered = service.registerClient(key.get("key").asText(), "toggled");
        String toggled = registered.get("clientToken").asText();
        String toggledClient = registered.get("clientId").asText();
        SignBatchRequest batch = new SignBatchRequest(List.of(
                item(ec.sha1(), "ECDSA_SHA256", new byte[32], "a"), item(rsa.sha1(), "RSA_PKCS1_SHA256", new byte[32], "b")));

        assertError(() -> client.signBatch("smc_not-a-token", batch), 401, "unauthenticated");
        expect(service.http.patch("/api/v1/admin/clients/" + toggledClient, admin(), Map.of("active", false)), 200);
        assertError(() -> client.signBatch(toggled, batch), 403, "client_inactive");
        expect(service.http.patch("/api/v1/admin/clients/" + toggledClient, admin(), Map.of("active", true)), 200);
        expect(service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), admin(), Map.of("active", false)), 200);
        assertError(() -> client.signBatch(toggled, batch), 403, "key_inactive");

        JsonNode refusals = expect(service.http.get("/api/v1/admin/audit?type=sign&clientId=" + toggledClient, admin()),
                200).json().get("records");
        assertThat(refusals).hasSize(2).allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("failure"));
        assertThat(refusals.get(0).get("reason").asText()).startsWith("key_inactive: ");
        assertThat(refusals.get(1).get("reason").asText()).startsWith("client_inactive: ");
    }

    @Test
    void itemsSharingTwoCertificatesOneNotAuthorizedAreEachSignedOrRefusedWithOneRecordEachInOrder() throws Exception {
        List<SignRequest> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            TestPki.TestIdentity identity = i % 3 == 1 ? restricted : ec;
            items.add(item(identity.sha1(), "ECDSA_SHA256", digest("shared " + i), "shared-" + i + ".jar"));
        }

        List<SignBatchResult> results = client.signBatch(token, new SignBatchRequest(items)).results();

        assertThat(results).hasSize(items.size());
        List<JsonNode> records = newestCall(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode record = records.get(i);
            assertThat(record.get("context").get("fileName").asText()).isEqualTo("shared-" + i + ".jar");
            assertThat(record.get("context").get("batch").asText()).isEqualTo((i + 1) + "/" + items.size());
            assertThat(record.get("algorithm").asText()).isEqualTo("ECDSA_SHA256");
            if (i % 3 == 1) {
                assertThat(results.get(i).error()).as("item %d", i).isEqualTo("not_authorized");
                assertThat(record.get("status").asText()).isEqualTo("failure");
                assertThat(record.get("reason").asText()).startsWith("not_authorized: ");
                assertThat(record.get("certificateSha1").asText()).isEqualTo(restricted.sha1());
                assertThat(record.get("certificateName").asText()).isEqualTo("Batch Restricted");
            } else {
                assertThat(verifies("SHA256withECDSA", ec.leaf(), results.get(i), "shared " + i)).as("item %d", i).isTrue();
                assertThat(record.get("status").asText()).isEqualTo("success");
                assertThat(record.get("certificateSha1").asText()).isEqualTo(ec.sha1());
                assertThat(record.get("certificateName").asText()).isEqualTo("Batch EC");
            }
        }
    }

    @Test
    void eachCallReadsTheCertificateAndItsAuthorizationAgain() throws Exception {
        TestPki.TestIdentity toggled = TestPki.ec("secp256r1", "Batch Toggled");
        String id = service.importP12(toggled.p12("pw"), "pw").get("id").asText();
        SignBatchRequest batch = new SignBatchRequest(List.of(
                item(toggled.sha1(), "ECDSA_SHA256", digest("again 0"), "again-0"),
                item(toggled.sha1(), "ECDSA_SHA256", digest("again 1"), "again-1")));

        assertThat(client.signBatch(token, batch).results()).allSatisfy(r -> assertThat(r.error()).isNull());
        expect(service.http.put("/api/v1/admin/certificates/" + id + "/authorized-keys", admin(),
                Map.of("all", false, "apiKeyIds", List.of(otherKeyId))), 200);
        assertThat(client.signBatch(token, batch).results()).extracting(SignBatchResult::error)
                .containsExactly("not_authorized", "not_authorized");
        expect(service.http.put("/api/v1/admin/certificates/" + id + "/authorized-keys", admin(),
                Map.of("all", true, "apiKeyIds", List.of())), 200);
        expect(service.http.patch("/api/v1/admin/certificates/" + id, admin(), Map.of("active", false)), 200);
        assertThat(client.signBatch(token, batch).results()).extracting(SignBatchResult::error)
                .containsExactly("certificate_inactive", "certificate_inactive");
        expect(service.http.patch("/api/v1/admin/certificates/" + id, admin(), Map.of("active", true)), 200);
        assertThat(client.signBatch(token, batch).results()).allSatisfy(r -> assertThat(r.error()).isNull());
    }

    @Test
    void aBatchSignedOnTheCoresAnswersAndAuditsInItemOrderEachSignatureForItsOwnData() throws Exception {
        List<SignRequest> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(i % 2 == 0 ? item(rsa.sha1(), "RSA_PKCS1_SHA256", digest("parallel " + i), "parallel-" + i + ".ps1")
                    : item(ec.sha1(), "ECDSA_SHA256", digest("parallel " + i), "parallel-" + i + ".ps1"));
        }

        List<SignBatchResult> results = client.signBatch(token, new SignBatchRequest(items)).results();

        assertThat(results).hasSize(items.size());
        List<JsonNode> records = newestCall(items.size());
        for (int i = 0; i < items.size(); i++) {
            boolean isRsa = i % 2 == 0;
            assertThat(verifies(isRsa ? "SHA256withRSA" : "SHA256withECDSA", isRsa ? rsa.leaf() : ec.leaf(), results.get(i),
                    "parallel " + i)).as("item %d", i).isTrue();
            JsonNode record = records.get(i);
            assertThat(record.get("status").asText()).isEqualTo("success");
            assertThat(record.get("context").get("fileName").asText()).isEqualTo("parallel-" + i + ".ps1");
            assertThat(record.get("context").get("batch").asText()).isEqualTo((i + 1) + "/" + items.size());
            assertThat(record.get("certificateSha1").asText()).isEqualTo(isRsa ? rsa.sha1() : ec.sha1());
        }
        assertThat(expect(service.http.get("/api/v1/admin/audit/verify", admin()), 200).json().get("valid").asBoolean())
                .isTrue();
    }

    /** The batch client's newest records, oldest first: those of its last call. */
    private static List<JsonNode> newestCall(int count) {
        List<JsonNode> oldestFirst = new ArrayList<>();
        audit("", count).get("records").forEach(oldestFirst::add);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static byte[] digest(String message) {
        return HashAlgorithm.SHA256.digest(message.getBytes(StandardCharsets.UTF_8));
    }

    private static SignRequest item(String sha1, String algorithm, byte[] data, String fileName) {
        return new SignRequest(sha1, algorithm, Base64.getEncoder().encodeToString(data),
                new SignContext(fileName, null, "batch-test", null));
    }

    private static boolean verifies(String jcaName, X509Certificate certificate, SignBatchResult result, String message)
            throws Exception {
        assertThat(result.error()).as(result.message()).isNull();
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(certificate);
        verifier.update(message.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(result.signature()));
    }

    private static JsonNode audit(String filter, int limit) {
        return expect(service.http.get("/api/v1/admin/audit?type=sign&clientId=" + clientId + filter + "&limit=" + limit,
                admin()), 200).json();
    }

    private static long auditTotal(String filter) {
        return audit(filter, 1).get("total").asLong();
    }

    private static String admin() {
        return service.adminToken();
    }
}

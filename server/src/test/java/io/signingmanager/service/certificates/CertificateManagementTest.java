package io.signingmanager.service.certificates;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateManagementTest {
    @RunningService
    private static TestService service;

    @Test
    void editReplacesTheIdentityAndKeepsStatusAndAuthorizations() throws Exception {
        TestPki.TestIdentity first = TestPki.rsa(2048, "Before Edit");
        TestPki.TestIdentity second = TestPki.ec("secp384r1", "After Edit");
        String id = service.importP12(first.p12("a"), "a").get("id").asText();
        String keyId = service.createApiKey("edit").get("id").asText();
        expect(service.http.put(path(id) + "/authorized-keys", admin(), Map.of("all", false, "apiKeyIds", List.of(keyId))), 200);

        Http.Answer wrong = service.http.upload("PUT", path(id), admin(), "file", second.p12("b"), Map.of("password", "a"));
        assertThat(wrong.error()).isEqualTo("wrong_password");
        assertThat(detail(id).get("sha1").asText()).isEqualTo(first.sha1());

        JsonNode edited = expect(service.http.upload("PUT", path(id), admin(), "file", second.p12("b"), Map.of("password", "b")), 200).json();
        assertThat(edited.get("id").asText()).isEqualTo(id);
        assertThat(edited.get("sha1").asText()).isEqualTo(second.sha1());
        assertThat(edited.get("commonName").asText()).isEqualTo("After Edit");
        assertThat(edited.get("keyType").asText()).isEqualTo("EC");
        assertThat(edited.get("authorization").get("apiKeyIds")).extracting(JsonNode::asText).containsExactly(keyId);

        String apiKey = expect(service.http.get("/api/v1/admin/api-keys/" + keyId + "/value", admin()), 200).json().get("key").asText();
        var client = service.protocolClient();
        String token = client.register(apiKey, new RegisterRequest("h", "p", "v")).clientToken();
        byte[] digest = HashAlgorithm.SHA256.digest("x".getBytes(StandardCharsets.UTF_8));
        String signature = client.sign(token, new SignRequest(second.sha1(), "ECDSA_SHA256",
                Base64.getEncoder().encodeToString(digest), null)).signature();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(second.leaf());
        verifier.update("x".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
    }

    @Test
    void activeInactiveAndDelete() {
        String id = service.importP12(TestPki.ec("secp256r1", "Toggled").p12("a"), "a").get("id").asText();
        assertThat(expect(service.http.patch(path(id), admin(), Map.of("active", false)), 200).json().get("active").asBoolean()).isFalse();
        assertThat(detail(id).get("active").asBoolean()).isFalse();
        assertThat(expect(service.http.patch(path(id), admin(), Map.of("active", true)), 200).json().get("active").asBoolean()).isTrue();

        expect(service.http.delete(path(id), admin()), 204);
        assertThat(service.http.get(path(id), admin()).status()).isEqualTo(404);
        assertThat(service.http.delete(path(id), admin()).error()).isEqualTo("not_found");
    }

    @Test
    void authorizationIsAllKeysByDefaultOrAChosenList() {
        String id = service.importP12(TestPki.ec("secp256r1", "Authorized").p12("a"), "a").get("id").asText();
        JsonNode byDefault = expect(service.http.get(path(id) + "/authorized-keys", admin()), 200).json();
        assertThat(byDefault.get("all").asBoolean()).isTrue();

        String one = service.createApiKey("one").get("id").asText();
        String two = service.createApiKey("two").get("id").asText();
        JsonNode chosen = expect(service.http.put(path(id) + "/authorized-keys", admin(),
                Map.of("all", false, "apiKeyIds", List.of(one, two, one))), 200).json();
        assertThat(chosen.get("all").asBoolean()).isFalse();
        assertThat(chosen.get("apiKeyIds")).extracting(JsonNode::asText).containsExactlyInAnyOrder(one, two);

        Http.Answer unknownKey = service.http.put(path(id) + "/authorized-keys", admin(),
                Map.of("all", false, "apiKeyIds", List.of("no-such-key")));
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(expect(service.http.get(path(id) + "/authorized-keys", admin()), 200).json().get("apiKeyIds")).hasSize(2);

        JsonNode all = expect(service.http.put(path(id) + "/authorized-keys", admin(), Map.of("all", true)), 200).json();
        assertThat(all.get("all").asBoolean()).isTrue();
        assertThat(all.get("apiKeyIds")).isEmpty();
    }

    @Test
    void testSignatureIsVerifiedShownAndAudited() throws Exception {
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Test Signed");
        String id = service.importP12(identity.p12("a"), "a").get("id").asText();
        JsonNode result = expect(service.http.post(path(id) + "/test-signature", admin(), null), 200).json();
        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("algorithm").asText()).isEqualTo("RSA_PKCS1_SHA256");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(identity.leaf());
        verifier.update(result.get("data").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(result.get("signature").asText()))).isTrue();

        JsonNode pss = expect(service.http.post(path(id) + "/test-signature", admin(), Map.of("algorithm", "RSA_PSS_SHA512")), 200).json();
        assertThat(pss.get("verified").asBoolean()).isTrue();
        assertThat(service.http.post(path(id) + "/test-signature", admin(), Map.of("algorithm", "ECDSA_SHA256")).status()).isEqualTo(400);

        JsonNode audit = expect(service.http.get("/api/v1/admin/audit?type=sign", admin()), 200).json().get("records");
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.get("certificateSha1").asText()).isEqualTo(identity.sha1());
            assertThat(r.get("username").asText()).isEqualTo("admin");
            assertThat(r.get("status").asText()).isEqualTo("success");
        });
    }

    private static JsonNode detail(String id) {
        return expect(service.http.get(path(id), admin()), 200).json();
    }

    private static String path(String id) {
        return "/api/v1/admin/certificates/" + id;
    }

    private static String admin() {
        return service.adminToken();
    }
}

package io.signingmanager.service.clientapi;

import static io.signingmanager.service.testing.ProtocolAssertions.assertError;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientProtocolTest {
    private static final byte[] MESSAGE = "the file that gets signed".getBytes(StandardCharsets.UTF_8);
    @RunningService
    private static TestService service;
    private static SigningServiceClient client;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;
    private static String token;
    private static String apiKeyId;

    @BeforeAll
    static void start() throws Exception {
        client = service.protocolClient();
        rsa = TestPki.issuedByCa("Protocol RSA", TestPki.rsaKeys(2048));
        ec = TestPki.ec("secp256r1", "Protocol EC");
        service.importP12(rsa.p12("pw"), "pw");
        service.importP12(ec.p12("pw"), "pw");
        JsonNode key = service.createApiKey("ci");
        apiKeyId = key.get("id").asText();
        token = client.register(key.get("key").asText(), new RegisterRequest("build-1", "Linux", "1.0")).clientToken();
    }

    @Test
    void identitiesListTheCertificatesWithTheirChains() throws Exception {
        List<Identity> identities = client.identities(token);
        assertThat(identities).extracting(Identity::commonName).containsExactlyInAnyOrder("Protocol RSA", "Protocol EC");
        Identity rsaIdentity = identities.stream().filter(i -> i.keyType().equals("RSA")).findFirst().orElseThrow();
        assertThat(rsaIdentity.sha1()).isEqualTo(rsa.sha1()).matches("[0-9A-F]{40}");
        assertThat(rsaIdentity.keySize()).isEqualTo(2048);
        assertThat(Certificates.fromBase64(rsaIdentity.certificate())).isEqualTo(rsa.leaf());
        assertThat(rsaIdentity.chain()).hasSize(1);
        assertThat(Certificates.fromBase64(rsaIdentity.chain().get(0))).isEqualTo(rsa.chain().get(1));
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void everyAlgorithmSignsWhatTheJdkVerifies(SignatureAlgorithm algorithm) throws Exception {
        TestPki.TestIdentity identity = algorithm.keyType().name().equals("RSA") ? rsa : ec;
        byte[] data = switch (algorithm) {
            case RSA_PKCS1_RAW -> HashAlgorithm.SHA256.digestInfo(HashAlgorithm.SHA256.digest(MESSAGE));
            case ECDSA_RAW -> HashAlgorithm.SHA1.digest(MESSAGE); // what CKM_ECDSA gets from a SHA-1 signer
            default -> algorithm.hash().digest(MESSAGE);
        };
        String signature = client.sign(token, new SignRequest(identity.sha1(), algorithm.name(),
                Base64.getEncoder().encodeToString(data), new SignContext("app.jar", null, "jar", null))).signature();

        Signature verifier = jdkVerifier(algorithm, identity.leaf().getPublicKey());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
    }

    private static Signature jdkVerifier(SignatureAlgorithm algorithm, PublicKey key) throws Exception {
        Signature verifier;
        switch (algorithm.scheme()) {
            case PKCS1 -> verifier = Signature.getInstance(algorithm.hash().jcaName().replace("-", "") + "withRSA");
            case PKCS1_RAW -> verifier = Signature.getInstance("SHA256withRSA");
            case ECDSA -> verifier = Signature.getInstance(
                    (algorithm.hash() == null ? "SHA1" : algorithm.hash().jcaName().replace("-", "")) + "withECDSA");
            default -> {
                verifier = Signature.getInstance("RSASSA-PSS");
                String hash = algorithm.hash().jcaName();
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        algorithm.hash().digestLength(), 1));
            }
        }
        verifier.initVerify(key);
        return verifier;
    }

    @Test
    void whoamiNamesTheClientAndItsKey() throws Exception {
        var whoami = client.whoami(token);
        assertThat(whoami.client().name()).isEqualTo("build-1");
        assertThat(whoami.apiKey().id()).isEqualTo(apiKeyId);
        assertThat(whoami.apiKey().active()).isTrue();
    }

    @Test
    void signRefusesAWrongDigestLengthAnUnknownAlgorithmAndAMismatchedKey() {
        assertError(() -> sign(rsa.sha1(), "RSA_PKCS1_SHA256", new byte[31]), 400, "bad_request");
        assertError(() -> sign(ec.sha1(), "ECDSA_SHA256", new byte[31]), 400, "bad_request");
        assertError(() -> sign(ec.sha1(), "ECDSA_SHA384", new byte[32]), 400, "bad_request");
        assertError(() -> sign(ec.sha1(), "ECDSA_RAW", new byte[0]), 400, "bad_request");
        assertError(() -> sign(ec.sha1(), "ECDSA_RAW", new byte[SignatureAlgorithm.MAX_RAW_ECDSA_BYTES + 1]), 400,
                "bad_request");
        assertError(() -> sign(rsa.sha1(), "ECDSA_RAW", new byte[20]), 400, "bad_request");
        assertError(() -> sign(rsa.sha1(), "RSA_MD5", new byte[16]), 400, "bad_request");
        assertError(() -> sign(ec.sha1(), "RSA_PKCS1_SHA256", new byte[32]), 400, "bad_request");
        assertError(() -> sign("0".repeat(40), "RSA_PKCS1_SHA256", new byte[32]), 404, "unknown_certificate");
        assertError(() -> client.identities("smc_not-a-token"), 401, "unauthenticated");
    }

    @Test
    void signRefusesACertificateTheKeyIsNotAuthorizedFor() throws Exception {
        TestPki.TestIdentity restricted = TestPki.rsa(2048, "Restricted");
        String id = service.importP12(restricted.p12("pw"), "pw").get("id").asText();
        JsonNode other = service.createApiKey("other");
        expect(service.http.put("/api/v1/admin/certificates/" + id + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(other.get("id").asText()))), 200);

        assertError(() -> sign(restricted.sha1(), "RSA_PKCS1_SHA256", new byte[32]), 403, "not_authorized");
        assertThat(client.identities(token)).extracting(Identity::sha1).doesNotContain(restricted.sha1());

        String otherToken = client.register(other.get("key").asText(), new RegisterRequest("h", "p", "v")).clientToken();
        assertThat(client.identities(otherToken)).extracting(Identity::sha1).contains(restricted.sha1());
        expect(service.http.patch("/api/v1/admin/certificates/" + id, service.adminToken(), Map.of("active", false)), 200);
        assertError(() -> client.sign(otherToken, new SignRequest(restricted.sha1(), "RSA_PKCS1_SHA256",
                Base64.getEncoder().encodeToString(new byte[32]), null)), 403, "certificate_inactive");
        assertThat(client.identities(otherToken)).extracting(Identity::sha1).doesNotContain(restricted.sha1());
    }

    @Test
    void anInactiveClientOrKeyCannotListOrSignAndAnInactiveKeyRegistersNoClient() throws Exception {
        JsonNode key = service.createApiKey("toggled");
        String keyValue = key.get("key").asText();
        JsonNode registered = service.registerClient(keyValue, "laptop");
        String clientToken = registered.get("clientToken").asText();
        String clientId = registered.get("clientId").asText();

        expect(service.http.patch("/api/v1/admin/clients/" + clientId, service.adminToken(), Map.of("active", false)), 200);
        assertError(() -> client.identities(clientToken), 403, "client_inactive");
        assertError(() -> client.sign(clientToken, new SignRequest(rsa.sha1(), "RSA_PKCS1_SHA256",
                Base64.getEncoder().encodeToString(new byte[32]), null)), 403, "client_inactive");
        expect(service.http.patch("/api/v1/admin/clients/" + clientId, service.adminToken(), Map.of("active", true)), 200);
        assertThat(client.identities(clientToken)).isNotEmpty();

        expect(service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), service.adminToken(),
                Map.of("active", false)), 200);
        assertError(() -> client.identities(clientToken), 403, "key_inactive");
        assertError(() -> client.register(keyValue, new RegisterRequest("h2", "p", "v")), 403, "key_inactive");
        assertError(() -> client.register("smk_unknown", new RegisterRequest("h2", "p", "v")), 401, "unauthenticated");
        expect(service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), service.adminToken(),
                Map.of("active", true)), 200);
        assertThat(client.identities(clientToken)).isNotEmpty();
    }

    private static void sign(String sha1, String algorithm, byte[] data) throws SigningServiceException {
        client.sign(token, new SignRequest(sha1, algorithm, Base64.getEncoder().encodeToString(data), null));
    }
}

package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingmanager.service.testing.TestPki;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A minimal App Store Connect client for the double's self-test, written from Apple's documentation
 * rather than with the service's client: the JDK HTTP client and ES256 tokens made by hand.
 */
final class AscTestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    AscTestClient(String base) {
        this.base = base;
    }

    record Answer(int status, JsonNode json) {
        String errorCode() {
            return json.path("errors").path(0).path("code").asText();
        }

        String errorDetail() {
            return json.path("errors").path(0).path("detail").asText();
        }
    }

    /** A token as Apple's documentation says: ES256, kid, typ JWT; iss, iat, exp 20 minutes on, aud. */
    static String token(AscTeamKey key, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>(Map.of("alg", "ES256", "kid", key.keyId(), "typ", "JWT"));
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", key.issuerId(), "iat", now.getEpochSecond(),
                "exp", now.getEpochSecond() + 20 * 60, "aud", "appstoreconnect-v1"));
        return token(header, claims, privateKey(key.p8()), "SHA256withECDSAinP1363Format");
    }

    /** Any token: tests break one part at a time. */
    static String token(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String algorithm) {
        try {
            String signed = base64(JSON.writeValueAsBytes(header)) + "." + base64(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey privateKey(String p8) {
        try {
            String base64 = p8.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM PKCS#10 request for {@code keys}, as the service makes one. */
    static String csr(KeyPair keys) {
        try {
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Signing Manager,C=US"), keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            }
            return pem.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        return TestPki.rsaKeys(2048);
    }

    Answer get(String token, String pathOrUrl) {
        return send(token, "GET", pathOrUrl, null);
    }

    Answer post(String token, String path, Object body) {
        return send(token, "POST", path, body);
    }

    Answer delete(String token, String path) {
        return send(token, "DELETE", path, null);
    }

    Answer send(String token, String method, String pathOrUrl, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> certificateRequest(String type, String csr) {
        return Map.of("data", Map.of("type", "certificates", "attributes", Map.of("certificateType", type, "csrContent", csr)));
    }

    static Map<String, Object> profileRequest(String name, String type, String bundleResourceId, String... certificateIds) {
        return Map.of("data", Map.of("type", "profiles",
                "attributes", Map.of("name", name, "profileType", type),
                "relationships", Map.of(
                        "bundleId", Map.of("data", Map.of("type", "bundleIds", "id", bundleResourceId)),
                        "certificates", Map.of("data", java.util.Arrays.stream(certificateIds)
                                .map(id -> Map.of("type", "certificates", "id", id)).toList()))));
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

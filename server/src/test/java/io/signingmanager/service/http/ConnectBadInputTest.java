package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.NOWHERE;
import static io.signingmanager.service.http.BadInputs.bad;
import static io.signingmanager.service.http.BadInputs.random;

import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.security.cert.CertificateEncodingException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for the App Store Connect API keys: fields that are not an Issuer ID,
 * a Key ID or a {@code .p8} (other keys, other curves, certificates, broken PEM, NUL bytes, huge
 * fields), unknown keys, and a key Apple does not accept. Each is refused with a 4xx and the error
 * JSON and writes nothing.
 */
class ConnectBadInputTest {
    private static final String KEYS = "/api/v1/admin/apple/connect-keys";
    private static final String ISSUER = "57246542-96fe-1a63-e053-0824d011072a";

    @RunningService(appStoreConnect = true)
    private static TestService service;
    private static String admin;
    private static String wrongKeyId;
    private static BadInputs send;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
        send = new BadInputs(service);
        service.addConnectKey(service.apple.addKey("BADINPUTS1", "Bad Inputs"), "Taken name");
        AscTeamKey real = service.apple.addKey("BADINPUTS1", "Bad Inputs");
        // Apple's Issuer ID and Key ID, another .p8: every token it signs is refused.
        wrongKeyId = service.http.post(KEYS, admin, key("Wrong p8", real.issuerId(), real.keyId(), p8("secp256r1")))
                .json().get("id").asText();
    }

    static Stream<Arguments> corpus() throws CertificateEncodingException {
        String certificate = Pem.encode("CERTIFICATE", TestPki.ec("secp256r1", "Not a key").leaf().getEncoded());
        return Stream.of(
                bad("no body", () -> send.json("POST", KEYS, admin, ""), 400, "bad_request"),
                bad("a number for the .p8", () -> send.json("POST", KEYS, admin, "{\"name\":\"n\",\"issuerId\":\"" + ISSUER
                        + "\",\"keyId\":\"ABCDE12345\",\"p8\":5}"), 400, "bad_request"),
                bad("a NUL byte in the name", () -> add("nul\u0000name", ISSUER, "ABCDE12345", p8("secp256r1")),
                        400, "bad_request"),
                bad("a NUL byte in the .p8", () -> add("nul p8", ISSUER, "ABCDE12345", p8("secp256r1").replace("\n-----END",
                        "\u0000\n-----END")), 400, "bad_request"),
                bad("a 201-character name", () -> add("k".repeat(201), ISSUER, "ABCDE12345", p8("secp256r1")),
                        400, "bad_request"),
                bad("a name with a line break", () -> add("two\nlines", ISSUER, "ABCDE12345", p8("secp256r1")),
                        400, "bad_request"),
                bad("a name in use", () -> add("Taken name", ISSUER, "ABCDE12345", p8("secp256r1")), 409, "conflict"),
                bad("an Issuer ID that is not a UUID", () -> add("issuer", "57246542-96fe-1a63", "ABCDE12345", p8("secp256r1")),
                        400, "invalid_connect_key"),
                bad("a lower-case Key ID", () -> add("key id", ISSUER, "abcde12345", p8("secp256r1")),
                        400, "invalid_connect_key"),
                bad("an 11-character Key ID", () -> add("key id", ISSUER, "ABCDE123456", p8("secp256r1")),
                        400, "invalid_connect_key"),
                bad("no .p8", () -> add("no p8", ISSUER, "ABCDE12345", null), 400, "invalid_connect_key"),
                bad("a huge .p8 field", () -> add("huge", ISSUER, "ABCDE12345", "A".repeat(60_000)), 400, "invalid_connect_key"),
                bad("a body over 64 KiB", () -> add("huger", ISSUER, "ABCDE12345", "A".repeat(70_000)), 413, "too_large"),
                bad("text that is not PEM", () -> add("text", ISSUER, "ABCDE12345", "my key"), 400, "invalid_connect_key"),
                bad("PEM whose body is not base64", () -> add("base64", ISSUER, "ABCDE12345",
                        "-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----\n"), 400, "invalid_connect_key"),
                bad("PEM of random bytes", () -> add("random", ISSUER, "ABCDE12345", Pem.encode("PRIVATE KEY", random(138))),
                        400, "invalid_connect_key"),
                bad("a PEM without its END line", () -> add("cut", ISSUER, "ABCDE12345",
                        p8("secp256r1").replace("-----END PRIVATE KEY-----", "")), 400, "invalid_connect_key"),
                bad("an RSA key", () -> add("rsa", ISSUER, "ABCDE12345", Pem.encode("PRIVATE KEY",
                        TestPki.rsaKeys(2048).getPrivate().getEncoded())), 400, "invalid_connect_key"),
                bad("a P-384 key", () -> add("p384", ISSUER, "ABCDE12345", p8("secp384r1")), 400, "invalid_connect_key"),
                bad("a certificate instead of a key", () -> add("certificate", ISSUER, "ABCDE12345", certificate),
                        400, "invalid_connect_key"),
                bad("a SEC1 EC PRIVATE KEY", () -> add("sec1", ISSUER, "ABCDE12345",
                        p8("secp256r1").replace("PRIVATE KEY", "EC PRIVATE KEY")), 400, "invalid_connect_key"),
                bad("an unknown key", () -> service.http.get(KEYS + "/" + NOWHERE, admin), 404, "not_found"),
                bad("deleting an unknown key", () -> service.http.delete(KEYS + "/" + NOWHERE, admin), 404, "not_found"),
                bad("testing an unknown key", () -> service.http.post(KEYS + "/" + NOWHERE + "/test", admin, null),
                        404, "not_found"),
                bad("an unknown key's bundle IDs", () -> service.http.get(KEYS + "/" + NOWHERE + "/bundle-ids", admin),
                        404, "not_found"),
                bad("bundle IDs with a key Apple refuses", () -> service.http.get(KEYS + "/" + wrongKeyId + "/bundle-ids",
                        admin), 400, "invalid_connect_key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }

    private static Http.Answer add(String name, String issuerId, String keyId, String p8) {
        return service.http.post(KEYS, admin, key(name, issuerId, keyId, p8));
    }

    private static Map<String, Object> key(String name, String issuerId, String keyId, String p8) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "issuerId", issuerId, "keyId", keyId));
        if (p8 != null) {
            body.put("p8", p8);
        }
        return body;
    }

    private static String p8(String curve) {
        return Pem.encode("PRIVATE KEY", TestPki.ecKeys(curve).getPrivate().getEncoded());
    }
}

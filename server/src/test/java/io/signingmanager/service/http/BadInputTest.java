package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.NOWHERE;
import static io.signingmanager.service.http.BadInputs.PW;
import static io.signingmanager.service.http.BadInputs.audited;
import static io.signingmanager.service.http.BadInputs.bad;
import static io.signingmanager.service.http.BadInputs.random;
import static io.signingmanager.service.http.BadInputs.truncated;
import static io.signingmanager.service.http.ErrorAnswers.assertErrorAnswer;
import static io.signingmanager.service.http.ErrorAnswers.assertSecurityHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RawHttps;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad input. Each is refused with a 4xx and the error JSON, carries the security
 * headers, and writes nothing: the inventory (users, certificates, API keys, clients, license) is
 * unchanged, and the audit grows only by the failure record the client protocol owes for its calls.
 * Apple's corpus is {@link AppleBadInputTest}; App Store Connect's goes in a class of its own too.
 */
class BadInputTest {
    private static final String KEYS = "/api/v1/admin/api-keys";
    private static final String CERTS = "/api/v1/admin/certificates";

    @RunningService
    private static TestService service;
    private static String admin;
    private static String certificateId;
    private static String rsaSha1;
    private static String ecSha1;
    private static String apiKeyId;
    private static String clientId;
    private static String clientToken;
    private static String apiKey;
    private static BadInputs send;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
        send = new BadInputs(service);
        TestPki.TestIdentity rsa = TestPki.rsa(2048, "Bad Input RSA");
        rsaSha1 = rsa.sha1();
        certificateId = service.importP12(rsa.p12(PW), PW).get("id").asText();
        TestPki.TestIdentity ec = TestPki.ec("secp256r1", "Bad Input EC");
        ecSha1 = ec.sha1();
        service.importP12(ec.p12(PW), PW);
        JsonNode key = service.createApiKey("bad input");
        apiKeyId = key.get("id").asText();
        apiKey = key.get("key").asText();
        JsonNode client = service.registerClient(apiKey, "bad-input-host");
        clientId = client.get("clientId").asText();
        clientToken = client.get("clientToken").asText();
    }

    static Stream<Arguments> corpus() {
        String big = "x".repeat(10_000);
        return Stream.of(
                // Bodies that are not the JSON object the route reads.
                bad("malformed JSON", () -> send.json("POST", KEYS, admin, "{\"name\": "), 400, "bad_request"),
                bad("malformed JSON at sign-in", () -> send.json("POST", "/api/v1/auth/login", null, "{username: admin}"), 400, "bad_request"),
                bad("a number for a name", () -> send.json("POST", KEYS, admin, "{\"name\": 5}"), 400, "bad_request"),
                bad("a boolean for a name", () -> send.json("POST", KEYS, admin, "{\"name\": true}"), 400, "bad_request"),
                bad("an object for a name", () -> send.json("POST", KEYS, admin, "{\"name\": {\"first\": \"a\"}}"), 400, "bad_request"),
                bad("a word for active", () -> send.json("PATCH", "/api/v1/admin/clients/" + clientId, admin, "{\"active\":\"yes\"}"), 400, "bad_request"),
                bad("a string for active", () -> send.json("PATCH", KEYS + "/" + apiKeyId, admin, "{\"active\":\"false\"}"), 400, "bad_request"),
                bad("a number for active", () -> send.json("PATCH", CERTS + "/" + certificateId, admin, "{\"active\":0}"), 400, "bad_request"),
                bad("a string for admin", () -> send.json("POST", "/api/v1/admin/users", admin,
                        "{\"username\":\"typed\",\"password\":\"long enough password\",\"admin\":\"true\"}"), 400, "bad_request"),
                bad("a string for all", () -> send.json("PUT", CERTS + "/" + certificateId + "/authorized-keys", admin, "{\"all\":\"false\"}"), 400, "bad_request"),
                bad("a string for apiKeyIds", () -> send.json("PUT", CERTS + "/" + certificateId + "/authorized-keys", admin,
                        "{\"all\":false,\"apiKeyIds\":\"" + apiKeyId + "\"}"), 400, "bad_request"),
                bad("a JSON array", () -> send.json("POST", KEYS, admin, "[{\"name\":\"in an array\"}]"), 400, "bad_request"),
                bad("JSON null", () -> send.json("POST", KEYS, admin, "null"), 400, "bad_request"),
                bad("a JSON string", () -> send.json("POST", KEYS, admin, "\"name\""), 400, "bad_request"),
                bad("two JSON objects", () -> send.json("POST", KEYS, admin, "{\"name\":\"a\"} {\"name\":\"b\"}"), 400, "bad_request"),
                bad("JSON nested 20,000 deep", () -> send.json("POST", KEYS, admin, "{\"name\":" + "[".repeat(20_000)), 400, "bad_request"),
                bad("bytes that are not UTF-8", () -> service.http.send("POST", KEYS, admin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1},
                        "application/json"), 400, "bad_request"),
                bad("an empty body", () -> send.json("POST", KEYS, admin, ""), 400, "bad_request"),
                bad("an empty body to toggle", () -> send.json("PATCH", "/api/v1/admin/clients/" + clientId, admin, ""), 400, "bad_request"),
                bad("an empty body at sign-in", () -> send.json("POST", "/api/v1/auth/login", null, ""), 400, "bad_request"),
                bad("a null in apiKeyIds", () -> send.json("PUT", CERTS + "/" + certificateId + "/authorized-keys", admin,
                        "{\"all\":false,\"apiKeyIds\":[null]}"), 400, "bad_request"),
                bad("a number in apiKeyIds", () -> send.json("PUT", CERTS + "/" + certificateId + "/authorized-keys", admin,
                        "{\"all\":false,\"apiKeyIds\":[7]}"), 400, "bad_request"),
                bad("null for active", () -> send.json("PATCH", CERTS + "/" + certificateId, admin, "{\"active\":null}"), 400, "bad_request"),
                bad("no password at sign-in", () -> send.json("POST", "/api/v1/auth/login", null, "{\"username\":\"admin\"}"), 400, "bad_request"),
                bad("an empty password reset", () -> send.json("POST", "/api/v1/admin/users/" + NOWHERE + "/password", admin, "{}"), 404, "not_found"),
                audited("an empty registration", () -> send.json("POST", "/api/v1/client/register", apiKey, "{}"), 400, "bad_request"),
                audited("a string for the sign context", () -> send.json("POST", "/api/v1/client/sign", clientToken,
                        "{\"sha1\":\"" + rsaSha1 + "\",\"algorithm\":\"RSA_PKCS1_SHA256\",\"data\":\"" + b64(new byte[32])
                                + "\",\"context\":\"app.jar\"}"), 400, "bad_request"),
                audited("a number for a context field", () -> send.json("POST", "/api/v1/client/sign", clientToken,
                        "{\"sha1\":\"" + rsaSha1 + "\",\"algorithm\":\"RSA_PKCS1_SHA256\",\"data\":\"" + b64(new byte[32])
                                + "\",\"context\":{\"fileName\":5}}"), 400, "bad_request"),
                // Text no name may hold, refused at the edge: NUL and unpaired UTF-16 surrogates (a database
                // stores them otherwise than they were hashed, or not at all), escaped or as raw bytes.
                bad("a NUL in a key name", () -> send.json("POST", KEYS, admin, "{\"name\":\"a\\u0000b\"}"), 400, "bad_request"),
                bad("a NUL in a user name", () -> send.json("POST", "/api/v1/admin/users", admin,
                        "{\"username\":\"a\\u0000b\",\"password\":\"long enough password\",\"admin\":false}"), 400, "bad_request"),
                bad("a NUL in a field name", () -> send.json("POST", KEYS, admin, "{\"name\":\"ok\",\"a\\u0000\":1}"), 400, "bad_request"),
                audited("a NUL in a hostname", () -> send.json("POST", "/api/v1/client/register", apiKey,
                        "{\"hostname\":\"a\\u0000b\",\"platform\":\"Linux\",\"appVersion\":\"1.0.0\"}"), 400, "bad_request"),
                audited("a NUL in the algorithm", () -> rawSign(clientToken, "\"RSA_PKCS1\\u0000SHA256\"", null), 400, "bad_request"),
                audited("a NUL in context.fileName", () -> rawSign(clientToken, "\"RSA_PKCS1_SHA256\"",
                        "{\"fileName\":\"app\\u0000.jar\"}"), 400, "bad_request"),
                audited("an unpaired surrogate in context.fileName", () -> rawSign(clientToken, "\"RSA_PKCS1_SHA256\"",
                        "{\"fileName\":\"app\\ud800.jar\"}"), 400, "bad_request"),
                audited("an unpaired surrogate, anonymously", () -> rawSign(null, "\"\\ud800\"", null), 401, "unauthenticated"),
                bad("an unpaired surrogate at sign-in", () -> send.json("POST", "/api/v1/auth/login", null,
                        "{\"username\":\"\\udc00admin\",\"password\":\"whatever it is\"}"), 400, "bad_request"),
                bad("a surrogate as raw UTF-8 bytes", () -> service.http.send("POST", KEYS, admin,
                        "{\"name\":\"\u00ed\u00a0\u0080\"}".getBytes(StandardCharsets.ISO_8859_1), "application/json"), 400, "bad_request"),
                bad("a 1,000-digit number", () -> send.json("PATCH", KEYS + "/" + apiKeyId, admin, "{\"active\":" + "9".repeat(1000) + "}"),
                        400, "bad_request"),
                bad("a 1,000-digit number at sign-in", () -> send.json("POST", "/api/v1/auth/login", null,
                        "{\"username\":\"admin\",\"password\":\"whatever it is\",\"n\":" + "1".repeat(1000) + "}"), 400, "bad_request"),
                bad("arrays nested 1,000 deep", () -> send.json("POST", KEYS, admin, "{\"name\":\"deep\",\"extra\":"
                        + "[".repeat(1000) + "]".repeat(1000) + "}"), 400, "bad_request"),
                bad("objects nested 1,000 deep at sign-in", () -> send.json("POST", "/api/v1/auth/login", null,
                        "{\"username\":\"admin\",\"password\":\"whatever it is\",\"extra\":" + "{\"a\":".repeat(1000) + "1"
                                + "}".repeat(1000) + "}"), 400, "bad_request"),
                bad("a NUL in a query parameter", () -> service.http.get("/api/v1/admin/audit?note=a%00b", admin), 400, "bad_request"),
                bad("a surrogate in a query parameter", () -> service.http.get("/api/v1/admin/audit?note=%ED%A0%80", admin), 400,
                        "bad_request"),
                bad("a NUL in the path", () -> service.http.get(KEYS + "/a%00b", admin), 400, "bad_request"),
                bad("a surrogate in the path", () -> service.http.get(KEYS + "/%ED%A0%80", admin), 400, "bad_request"),
                bad("a NUL in a form field", () -> send.upload("POST", CERTS, TestPki.ec("secp256r1", "Nul").p12(PW), "p12\u0000password"),
                        400, "bad_request"),
                bad("a NUL in a header", () -> RawHttps.send(service, "GET /api/v1/version HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Note: a\u0000b", null), 400, "bad_request"),
                // Fields far larger than anything real.
                bad("a 10,000-character key name", () -> send.post(KEYS, admin, Map.of("name", big)), 400, "bad_request"),
                bad("a 10,000-character user name", () -> send.post("/api/v1/admin/users", admin,
                        Map.of("username", big, "password", "long enough password", "admin", false)), 400, "bad_request"),
                bad("a 10,000-character password", () -> send.post("/api/v1/admin/users", admin,
                        Map.of("username", "longpassword", "password", big, "admin", false)), 400, "bad_request"),
                bad("a 10,000-character user name at sign-in", () -> send.post("/api/v1/auth/login", null,
                        Map.of("username", big, "password", "whatever it is")), 400, "bad_request"),
                bad("a 10,000-character key rename", () -> service.http.patch(KEYS + "/" + apiKeyId, admin, Map.of("name", big)), 400, "bad_request"),
                audited("a 10,000-character hostname", () -> send.post("/api/v1/client/register", apiKey,
                        Map.of("hostname", big, "platform", "Linux", "appVersion", "1.0.0")), 400, "bad_request"),
                audited("a 10,000-character sign note", () -> sign(rsaSha1, "RSA_PKCS1_SHA256", b64(new byte[32]),
                        Map.of("note", big)), 400, "bad_request"),
                audited("a sign context that escapes to more than the audit holds", () -> sign(rsaSha1, "RSA_PKCS1_SHA256",
                        b64(new byte[32]), Map.of("fileName", "\"".repeat(500), "fileSha256", "\\".repeat(500),
                                "format", "\u0001".repeat(500), "note", "\"".repeat(500))), 400, "bad_request"),
                bad("a 10,000-character test-signature algorithm", () -> send.post(CERTS + "/" + certificateId + "/test-signature",
                        admin, Map.of("algorithm", big)), 400, "bad_request"),
                bad("a certificate with a 10,000-character common name",
                        () -> send.upload("POST", CERTS, TestPki.ec("secp256r1", big).p12(PW), PW), 400, "invalid_p12"),
                bad("a certificate with a 64-byte serial number",
                        () -> send.upload("POST", CERTS, p12WithSerial(new BigInteger(1, random(64))), PW), 400, "invalid_p12"),
                // Bodies over the route's limit.
                bad("a JSON body over 64 KiB", () -> send.post(KEYS, admin, Map.of("name", "y".repeat(64 * 1024))), 413, "too_large"),
                audited("a sign request over 64 KiB", () -> sign(rsaSha1, "RSA_PKCS1_SHA256", b64(new byte[50_000]), null), 413, "too_large"),
                bad("an upload over 1 MiB", () -> send.upload("POST", CERTS, random(1024 * 1024 + 1), PW), 413, "too_large"),
                bad("a chunked JSON body over 64 KiB", () -> RawHttps.send(service, "POST " + KEYS + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + admin + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked",
                        RawHttps.chunked(("{\"name\":\"" + "z".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8), 4096)),
                        413, "too_large"),
                // The client protocol's own checks.
                audited("bad base64 in data", () -> sign(rsaSha1, "RSA_PKCS1_SHA256", "not base64!", null), 400, "bad_request"),
                audited("no data", () -> sign(rsaSha1, "RSA_PKCS1_SHA256", null, null), 400, "bad_request"),
                audited("a SHA-256 digest of 31 bytes", () -> sign(rsaSha1, "RSA_PKCS1_SHA256", b64(new byte[31]), null), 400, "bad_request"),
                audited("a SHA-512 digest of 32 bytes", () -> sign(ecSha1, "ECDSA_SHA512", b64(new byte[32]), null), 400, "bad_request"),
                audited("an empty raw PKCS#1 input", () -> sign(rsaSha1, "RSA_PKCS1_RAW", "", null), 400, "bad_request"),
                audited("an unknown algorithm", () -> sign(rsaSha1, "RSA_MD5", b64(new byte[16]), null), 400, "bad_request"),
                audited("an RSA algorithm for an EC key", () -> sign(ecSha1, "RSA_PKCS1_SHA256", b64(new byte[32]), null), 400, "bad_request"),
                audited("a sha1 that is not hex", () -> sign("Z".repeat(40), "RSA_PKCS1_SHA256", b64(new byte[32]), null), 400, "bad_request"),
                audited("an unknown certificate sha1", () -> sign("AB".repeat(20), "RSA_PKCS1_SHA256", b64(new byte[32]), null), 404,
                        "unknown_certificate"),
                // Uploads that are not one usable .p12.
                bad("random bytes as .p12", () -> send.upload("POST", CERTS, random(2048), PW), 400, "invalid_p12"),
                bad("a truncated .p12", () -> send.upload("POST", CERTS, truncated(), PW), 400, "invalid_p12"),
                bad("a .p12 with the wrong password", () -> send.upload("POST", CERTS, TestPki.ec("secp256r1", "Wrong").p12(PW), "not it"),
                        400, "wrong_password"),
                bad("a .p12 with certificates only", () -> send.upload("POST", CERTS,
                        TestPki.p12CertificatesOnly(PW, TestPki.ec("secp256r1", "Only")), PW), 400, "no_private_key"),
                bad("a .p12 with two keys", () -> send.upload("POST", CERTS, TestPki.p12(PW, TestPki.ec("secp256r1", "One"),
                        TestPki.ec("secp256r1", "Two")), PW), 400, "several_keys"),
                bad("a .p12 whose key is not the certificate's", () -> send.upload("POST", CERTS, TestPki.p12WithForeignKey(PW,
                        TestPki.ec("secp256r1", "Owner"), TestPki.ecKeys("secp256r1")), PW), 400, "key_mismatch"),
                bad("a .p12 with an RSA-1024 key", () -> send.upload("POST", CERTS, TestPki.rsa(1024, "Short").p12(PW), PW), 400,
                        "unsupported_key"),
                bad("random bytes replacing a certificate", () -> send.upload("PUT", CERTS + "/" + certificateId, random(2048), PW),
                        400, "invalid_p12"),
                bad("an upload without the password", () -> service.http.upload("POST", CERTS, admin, "file",
                        TestPki.ec("secp256r1", "No password").p12(PW), Map.of()), 400, "bad_request"),
                bad("an upload without the file", () -> service.http.upload("POST", CERTS, admin, "file", null,
                        Map.of("password", PW)), 400, "bad_request"),
                bad("a JSON upload", () -> send.json("POST", CERTS, admin, "{\"file\":\"AAAA\",\"password\":\"pw\"}"), 415,
                        "unsupported_media_type"),
                bad("a text replacement", () -> service.http.send("PUT", CERTS + "/" + certificateId, admin,
                        "hello".getBytes(StandardCharsets.UTF_8), "text/plain"), 415, "unsupported_media_type"),
                bad("a multipart type without a boundary", () -> service.http.send("POST", CERTS, admin,
                        "hello".getBytes(StandardCharsets.UTF_8), "multipart/form-data"), 415, "unsupported_media_type"),
                bad("a multipart body that does not match its boundary", () -> service.http.send("POST", CERTS, admin,
                        "no parts here".getBytes(StandardCharsets.UTF_8), "multipart/form-data; boundary=abc"), 400, "bad_request"),
                // Query parameters.
                bad("from=yesterday", () -> service.http.get("/api/v1/admin/audit?from=yesterday", admin), 400, "bad_request"),
                bad("to=2026-13-45", () -> service.http.get("/api/v1/admin/audit?to=2026-13-45T00:00:00Z", admin), 400, "bad_request"),
                bad("limit=-1", () -> service.http.get("/api/v1/admin/audit?limit=-1", admin), 400, "bad_request"),
                bad("limit=ten", () -> service.http.get("/api/v1/admin/audit?limit=ten", admin), 400, "bad_request"),
                bad("limit=99999999999", () -> service.http.get("/api/v1/admin/audit?limit=99999999999", admin), 400, "bad_request"),
                bad("offset=-5", () -> service.http.get("/api/v1/admin/audit?offset=-5", admin), 400, "bad_request"),
                bad("from after to", () -> service.http.get("/api/v1/admin/audit?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z",
                        admin), 400, "bad_request"),
                bad("format=xml", () -> service.http.get("/api/v1/admin/audit?format=xml", admin), 400, "bad_request"),
                bad("type=everything", () -> service.http.get("/api/v1/admin/audit?type=everything", admin), 400, "bad_request"),
                bad("from the year -999999999", () -> service.http.get("/api/v1/admin/audit?from=-999999999-01-01T00:00:00Z", admin),
                        400, "bad_request"),
                bad("to the last instant Java knows", () -> service.http.get(
                        "/api/v1/admin/audit?to=%2B1000000000-12-31T23:59:59Z", admin), 400, "bad_request"),
                bad("an export to the last instant Java knows", () -> service.http.get(
                        "/api/v1/admin/audit?format=csv&to=%2B1000000000-12-31T23:59:59Z", admin), 400, "bad_request"),
                bad("a query that does not decode", () -> RawHttps.send(service, "GET /api/v1/admin/audit?from=%zz HTTP/1.1\r\n"
                        + "Host: localhost\r\nAuthorization: Bearer " + admin, null), 400, "bad_request"),
                // Ids that name nothing.
                bad("an unknown certificate", () -> service.http.get(CERTS + "/" + NOWHERE, admin), 404, "not_found"),
                bad("toggling an unknown certificate", () -> service.http.patch(CERTS + "/" + NOWHERE, admin, Map.of("active", true)),
                        404, "not_found"),
                bad("replacing an unknown certificate", () -> send.upload("PUT", CERTS + "/" + NOWHERE,
                        TestPki.ec("secp256r1", "Replacement").p12(PW), PW), 404, "not_found"),
                bad("authorizing an unknown certificate", () -> service.http.put(CERTS + "/" + NOWHERE + "/authorized-keys", admin,
                        Map.of("all", true)), 404, "not_found"),
                bad("authorizing an unknown key", () -> service.http.put(CERTS + "/" + certificateId + "/authorized-keys", admin,
                        Map.of("all", false, "apiKeyIds", List.of(NOWHERE))), 400, "bad_request"),
                bad("test-signing with an unknown certificate", () -> send.post(CERTS + "/" + NOWHERE + "/test-signature", admin,
                        Map.of()), 404, "not_found"),
                bad("deleting an unknown certificate", () -> service.http.delete(CERTS + "/" + NOWHERE, admin), 404, "not_found"),
                bad("an unknown key's value", () -> service.http.get(KEYS + "/" + NOWHERE + "/value", admin), 404, "not_found"),
                bad("an unknown key's clients", () -> service.http.get(KEYS + "/" + NOWHERE + "/clients", admin), 404, "not_found"),
                bad("toggling an unknown key", () -> service.http.patch(KEYS + "/" + NOWHERE, admin, Map.of("active", false)), 404,
                        "not_found"),
                bad("deleting an unknown key", () -> service.http.delete(KEYS + "/" + NOWHERE, admin), 404, "not_found"),
                bad("an unknown client", () -> service.http.get("/api/v1/admin/clients/" + NOWHERE, admin), 404, "not_found"),
                bad("toggling an unknown client", () -> service.http.patch("/api/v1/admin/clients/" + NOWHERE, admin,
                        Map.of("active", false)), 404, "not_found"),
                bad("deleting an unknown client", () -> service.http.delete("/api/v1/admin/clients/" + NOWHERE, admin), 404, "not_found"),
                bad("an unknown user", () -> service.http.get("/api/v1/admin/users/" + NOWHERE, admin), 404, "not_found"),
                bad("updating an unknown user", () -> service.http.patch("/api/v1/admin/users/" + NOWHERE, admin,
                        Map.of("active", false)), 404, "not_found"),
                bad("resetting an unknown user's password", () -> send.post("/api/v1/admin/users/" + NOWHERE + "/password", admin,
                        Map.of("password", "long enough password")), 404, "not_found"),
                bad("a 4,000-character id", () -> service.http.get(CERTS + "/" + "9".repeat(4000), admin), 404, "not_found"),
                bad("an id that looks like SQL", () -> service.http.get(KEYS + "/x'%20OR%20'1'='1", admin), 404, "not_found"),
                bad("deleting an unknown user", () -> service.http.delete("/api/v1/admin/users/" + NOWHERE, admin), 404, "not_found"),
                // Paths and methods.
                bad("an unknown path", () -> service.http.get("/api/v1/nothing-here", admin), 404, "not_found"),
                bad("an unknown path, anonymously", () -> service.http.get("/api/wp-admin/setup.php", null), 404, "not_found"),
                bad("a route with extra segments", () -> service.http.get(KEYS + "/" + apiKeyId + "/value/again", admin), 404,
                        "not_found"),
                bad("DELETE on the version", () -> service.http.delete("/api/v1/version", null), 405, "method_not_allowed"),
                bad("PUT on the key list", () -> service.http.put(KEYS, admin, Map.of("name", "put")), 405, "method_not_allowed"),
                bad("POST on the audit", () -> send.post("/api/v1/admin/audit", admin, Map.of()), 405, "method_not_allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }

    @Test
    void aRefusedReplacementKeepsTheCertificateAsItWas() {
        String before = service.http.get(CERTS + "/" + certificateId, admin).text();
        assertErrorAnswer(send.upload("PUT", CERTS + "/" + certificateId, TestPki.ec("secp256r1", "Other").p12(PW), "wrong"),
                400, "wrong_password");
        assertErrorAnswer(send.upload("PUT", CERTS + "/" + certificateId, truncated(), PW), 400, "invalid_p12");
        assertThat(service.http.get(CERTS + "/" + certificateId, admin).text()).isEqualTo(before);
    }

    @Test
    void errorsJettyRaisesItselfAreJsonWithTheSecurityHeaders() {
        Http.Answer invalidUri = RawHttps.send(service, "GET /%zz HTTP/1.1\r\nHost: localhost", null);
        assertErrorAnswer(invalidUri, 400, "bad_request");

        Http.Answer ambiguous = RawHttps.send(service, "GET /api/v1/admin/users/..%2F..%2Fversion HTTP/1.1\r\nHost: localhost", null);
        assertThat(ambiguous.status()).isIn(400, 404);
        assertErrorAnswer(ambiguous, ambiguous.status(), ambiguous.status() == 400 ? "bad_request" : "not_found");

        Http.Answer noHost = RawHttps.send(service, "GET /api/v1/version HTTP/1.1", null);
        assertErrorAnswer(noHost, 400, "bad_request");

        // Last: a request Jetty refuses itself right after another connection's 431 now and then answers
        // 431 or nothing (Jetty's quirk, about 1 in 100 here, never seen with a valid request).
        Http.Answer hugeHeader = RawHttps.send(service, "GET /api/v1/version HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "p".repeat(100_000), null);
        assertThat(hugeHeader.status()).isIn(413, 431);
        assertErrorAnswer(hugeHeader, hugeHeader.status(), "too_large");
    }

    @Test
    void successfulAnswersCarryTheSecurityHeadersToo() {
        assertSecurityHeaders(service.http.get("/api/v1/version", null));
        assertSecurityHeaders(service.http.get(KEYS, admin));
    }

    /** A sign call written as JSON text, so that it can hold escapes no Java string serialises. */
    private static Http.Answer rawSign(String token, String algorithm, String context) {
        return send.json("POST", "/api/v1/client/sign", token, "{\"sha1\":\"" + rsaSha1 + "\",\"algorithm\":" + algorithm
                + ",\"data\":\"" + b64(new byte[32]) + "\"" + (context == null ? "" : ",\"context\":" + context) + "}");
    }

    private static Http.Answer sign(String sha1, String algorithm, String data, Map<String, String> context) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("sha1", sha1);
        body.put("algorithm", algorithm);
        if (data != null) {
            body.put("data", data);
        }
        if (context != null) {
            body.put("context", context);
        }
        return service.http.post("/api/v1/client/sign", clientToken, body);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A valid .p12 whose certificate has a serial number no CA issues (RFC 5280 allows 20 bytes). */
    private static byte[] p12WithSerial(BigInteger serial) {
        try {
            KeyPair keys = TestPki.ecKeys("secp256r1");
            X500Name name = new X500Name("CN=Long Serial,O=Test");
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, serial, Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(30))), name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", keys.getPrivate(), PW.toCharArray(), new Certificate[] {certificate});
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            store.store(out, PW.toCharArray());
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.Csv;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every register, index and sign call, succeeded or failed, shows up in {@code /api/v1/admin/audit}
 * with who made it, what it asked for and why it failed; the list filters and pages; the export is
 * CSV or JSON by date range.
 */
class AuditTrailTest {
    private static final String AUDIT = "/api/v1/admin/audit";
    private static final byte[] FILE = "the jar being signed".getBytes(StandardCharsets.UTF_8);
    // A comma, quotes and a line break, so the CSV export has to quote and escape the context cell.
    private static final String NOTE = "release \"2.1\", build 42\nnightly";

    @RunningService
    private static TestService service;
    private static String admin;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;
    private static String keyA;
    private static String keyB;
    private static String clientA;
    private static String clientB;
    private static String clientOff;
    private static String tokenB;
    private static String tokenA;
    private static String fileSha256;
    private static Instant start;
    private static Instant middle;
    private static Instant end;

    @BeforeAll
    static void makeCallsThatSucceedAndFail() throws Exception {
        start = service.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        admin = service.adminToken();
        rsa = TestPki.rsa(2048, "Audit RSA");
        ec = TestPki.ec("secp256r1", "Audit EC");
        service.importP12(rsa.p12("pw"), "pw");
        service.importP12(ec.p12("pw"), "pw");
        JsonNode a = service.createApiKey("ci-audit");
        JsonNode b = service.createApiKey("release-audit");
        keyA = a.get("id").asText();
        keyB = b.get("id").asText();
        fileSha256 = HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(FILE));

        // Before the midpoint: registrations, an index, a signature and three refused signatures.
        JsonNode registeredA = service.registerClient(a.get("key").asText(), "build-a");
        JsonNode registeredOff = service.registerClient(a.get("key").asText(), "laptop-off");
        JsonNode registeredB = service.registerClient(b.get("key").asText(), "=build-b");
        clientA = registeredA.get("clientId").asText();
        clientOff = registeredOff.get("clientId").asText();
        clientB = registeredB.get("clientId").asText();
        tokenA = registeredA.get("clientToken").asText();
        assertThat(register("smk_not-a-key", "intruder").status()).isEqualTo(401);
        expect(service.http.get("/api/v1/client/identities", tokenA), 200);
        Http.Answer signed = expect(sign(tokenA, rsa.sha1(), "RSA_PKCS1_SHA256", HashAlgorithm.SHA256.digest(FILE)), 200);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rsa.leaf().getPublicKey());
        verifier.update(FILE);
        assertThat(verifier.verify(Base64.getDecoder().decode(signed.json().get("signature").asText()))).isTrue();
        assertThat(sign(tokenA, rsa.sha1(), "RSA_PKCS1_SHA256", new byte[31]).error()).isEqualTo("bad_request");
        assertThat(sign(tokenA, "0".repeat(40), "RSA_PKCS1_SHA256", new byte[32]).error()).isEqualTo("unknown_certificate");
        assertThat(sign("smc_not-a-token", rsa.sha1(), "RSA_PKCS1_SHA256", new byte[32]).error()).isEqualTo("unauthenticated");
        expect(service.http.patch("/api/v1/admin/clients/" + clientOff, admin, Map.of("active", false)), 200);

        service.clock.advance(Duration.ofMinutes(10));
        middle = service.clock.instant().truncatedTo(ChronoUnit.MILLIS);

        // After it: an inactive client tries to list and sign, and the other key's client signs.
        String tokenOff = registeredOff.get("clientToken").asText();
        assertThat(sign(tokenOff, rsa.sha1(), "RSA_PKCS1_SHA256", new byte[32]).error()).isEqualTo("client_inactive");
        assertThat(service.http.get("/api/v1/client/identities", tokenOff).error()).isEqualTo("client_inactive");
        tokenB = registeredB.get("clientToken").asText();
        expect(sign(tokenB, ec.sha1(), "ECDSA_SHA256", HashAlgorithm.SHA256.digest(FILE)), 200);

        end = service.clock.instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        // Whatever the tests themselves cause (sign-ins) lands well after the range they look at.
        service.clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void successfulCallsAreRecordedWithKeyClientCertificateAlgorithmAddressAndContext() throws Exception {
        List<JsonNode> records = protocolRecords();

        JsonNode register = only(records, r -> type(r, "register") && clientA.equals(text(r, "clientId")));
        assertThat(text(register, "status")).isEqualTo("success");
        assertThat(text(register, "apiKeyId")).isEqualTo(keyA);
        assertThat(text(register, "apiKeyName")).isEqualTo("ci-audit");
        assertThat(text(register, "clientHostname")).isEqualTo("build-a");
        assertLoopback(text(register, "remoteAddress"));

        JsonNode index = only(records, r -> type(r, "index") && clientA.equals(text(r, "clientId")));
        assertThat(text(index, "status")).isEqualTo("success");
        assertThat(text(index, "apiKeyName")).isEqualTo("ci-audit");
        assertThat(index.get("context").get("identities").asText()).isEqualTo("2");

        JsonNode sign = only(records, r -> type(r, "sign") && "success".equals(text(r, "status"))
                && clientA.equals(text(r, "clientId")));
        assertThat(text(sign, "reason")).isNull();
        assertThat(text(sign, "apiKeyId")).isEqualTo(keyA);
        assertThat(text(sign, "apiKeyName")).isEqualTo("ci-audit");
        assertThat(text(sign, "clientHostname")).isEqualTo("build-a");
        assertThat(text(sign, "certificateSha1")).isEqualTo(rsa.sha1());
        assertThat(text(sign, "certificateName")).isEqualTo("Audit RSA");
        assertThat(text(sign, "algorithm")).isEqualTo("RSA_PKCS1_SHA256");
        assertLoopback(text(sign, "remoteAddress"));
        assertThat(contextOf(sign)).containsExactlyInAnyOrderEntriesOf(
                Map.of("fileName", "app.jar", "fileSha256", fileSha256, "format", "jar", "note", NOTE));
        assertThat(Instant.parse(text(sign, "time"))).isBetween(start, middle);

        JsonNode ecSign = only(records, r -> type(r, "sign") && clientB.equals(text(r, "clientId")));
        assertThat(text(ecSign, "status")).isEqualTo("success");
        assertThat(text(ecSign, "apiKeyName")).isEqualTo("release-audit");
        assertThat(text(ecSign, "certificateName")).isEqualTo("Audit EC");
        assertThat(text(ecSign, "algorithm")).isEqualTo("ECDSA_SHA256");
        assertThat(Instant.parse(text(ecSign, "time"))).isBetween(middle, end);
    }

    @Test
    void failedCallsAreRecordedWithTheirReasonAndWhateverWasKnown() throws Exception {
        List<JsonNode> records = protocolRecords();

        JsonNode wrongDigest = only(records, r -> type(r, "sign") && reason(r).startsWith("bad_request"));
        assertThat(text(wrongDigest, "status")).isEqualTo("failure");
        assertThat(reason(wrongDigest)).contains("32 bytes", "got 31 bytes");
        assertThat(text(wrongDigest, "clientId")).isEqualTo(clientA);
        assertThat(text(wrongDigest, "apiKeyId")).isEqualTo(keyA);
        assertThat(text(wrongDigest, "certificateSha1")).isEqualTo(rsa.sha1());
        assertThat(text(wrongDigest, "certificateName")).isEqualTo("Audit RSA");
        assertThat(text(wrongDigest, "algorithm")).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(contextOf(wrongDigest)).containsEntry("fileName", "app.jar").containsEntry("note", NOTE);

        JsonNode unknownCertificate = only(records, r -> type(r, "sign") && reason(r).startsWith("unknown_certificate"));
        assertThat(text(unknownCertificate, "status")).isEqualTo("failure");
        assertThat(text(unknownCertificate, "certificateSha1")).isEqualTo("0".repeat(40));
        assertThat(text(unknownCertificate, "certificateName")).isNull();
        assertThat(text(unknownCertificate, "clientHostname")).isEqualTo("build-a");
        assertThat(text(unknownCertificate, "apiKeyName")).isEqualTo("ci-audit");

        JsonNode unknownToken = only(records, r -> type(r, "sign") && reason(r).startsWith("unauthenticated"));
        assertThat(text(unknownToken, "status")).isEqualTo("failure");
        assertThat(text(unknownToken, "apiKeyId")).isNull();
        assertThat(text(unknownToken, "clientId")).isNull();
        assertLoopback(text(unknownToken, "remoteAddress"));

        JsonNode unknownKey = only(records, r -> type(r, "register") && "failure".equals(text(r, "status")));
        assertThat(reason(unknownKey)).startsWith("unauthenticated").contains("API key");
        assertThat(text(unknownKey, "clientId")).isNull();

        JsonNode inactiveSign = only(records, r -> type(r, "sign") && clientOff.equals(text(r, "clientId")));
        assertThat(text(inactiveSign, "status")).isEqualTo("failure");
        assertThat(reason(inactiveSign)).startsWith("client_inactive").contains("laptop-off");
        assertThat(text(inactiveSign, "apiKeyId")).isEqualTo(keyA);
        assertThat(text(inactiveSign, "clientHostname")).isEqualTo("laptop-off");
        // What it tried to sign is part of the record, even though it was refused.
        assertThat(text(inactiveSign, "certificateSha1")).isEqualTo(rsa.sha1());
        assertThat(text(inactiveSign, "algorithm")).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(contextOf(inactiveSign)).containsEntry("fileName", "app.jar");

        JsonNode inactiveIndex = only(records, r -> type(r, "index") && clientOff.equals(text(r, "clientId")));
        assertThat(reason(inactiveIndex)).startsWith("client_inactive");
    }

    @Test
    void filtersByTypeStatusKeyClientAndTimeNarrowTheList() {
        assertThat(list("type=sign")).hasSize(6).allMatch(r -> type(r, "sign"));
        assertThat(list("type=register")).hasSize(4).allMatch(r -> type(r, "register"));
        assertThat(list("type=index")).hasSize(2).allMatch(r -> type(r, "index"));
        assertThat(list("status=failure")).hasSize(6).allMatch(r -> "failure".equals(text(r, "status")));
        assertThat(list("type=sign&status=success")).extracting(r -> text(r, "clientId"))
                .containsExactlyInAnyOrder(clientA, clientB);
        assertThat(list("apiKeyId=" + keyB)).extracting(r -> text(r, "requestType"))
                .containsExactlyInAnyOrder("register", "sign");
        assertThat(list("apiKeyId=" + keyA)).hasSize(8).allMatch(r -> keyA.equals(text(r, "apiKeyId")));
        assertThat(list("clientId=" + clientOff)).extracting(r -> text(r, "requestType"))
                .containsExactlyInAnyOrder("register", "sign", "index");
        assertThat(list("clientId=" + clientA + "&type=sign&status=failure")).hasSize(2);

        List<JsonNode> before = list("from=" + start + "&to=" + middle, false);
        List<JsonNode> after = list("from=" + middle + "&to=" + end, false);
        assertThat(before).allMatch(r -> Instant.parse(text(r, "time")).isBefore(middle));
        assertThat(after).extracting(r -> text(r, "requestType")).containsExactlyInAnyOrder("sign", "index", "sign");
        assertThat(before.size() + after.size()).isEqualTo(list("", false).size());
        assertThat(ids(list("from=" + end + "&to=" + end.plus(Duration.ofDays(1)), false)))
                .doesNotContainAnyElementsOf(ids(before)).doesNotContainAnyElementsOf(ids(after));

        assertThat(expect(service.http.get(AUDIT + "?type=delete", admin), 400).error()).isEqualTo("bad_request");
        assertThat(expect(service.http.get(AUDIT + "?from=" + end + "&to=" + start, admin), 400).text())
                .contains("'from' must be before 'to'");
        assertThat(expect(service.http.get(AUDIT + "?from=yesterday", admin), 400).text()).contains("ISO-8601");
    }

    @Test
    void pagesWithLimitAndOffsetNewestFirst() {
        JsonNode all = expect(service.http.get(AUDIT + "?type=sign&to=" + end, admin), 200).json();
        assertThat(all.get("total").asLong()).isEqualTo(6);
        List<Long> ids = ids(all.get("records"));
        assertThat(ids).isSortedAccordingTo((x, y) -> Long.compare(y, x));

        JsonNode first = expect(service.http.get(AUDIT + "?type=sign&to=" + end + "&limit=4", admin), 200).json();
        JsonNode second = expect(service.http.get(AUDIT + "?type=sign&to=" + end + "&limit=4&offset=4", admin), 200).json();
        assertThat(first.get("total").asLong()).isEqualTo(6);
        assertThat(second.get("total").asLong()).isEqualTo(6);
        assertThat(ids(first.get("records"))).isEqualTo(ids.subList(0, 4));
        assertThat(ids(second.get("records"))).isEqualTo(ids.subList(4, 6));
        JsonNode beyond = expect(service.http.get(AUDIT + "?type=sign&to=" + end + "&offset=6", admin), 200).json();
        assertThat(beyond.get("records")).isEmpty();
        assertThat(expect(service.http.get(AUDIT + "?limit=0", admin), 400).error()).isEqualTo("bad_request");
        assertThat(expect(service.http.get(AUDIT + "?offset=-1", admin), 400).error()).isEqualTo("bad_request");
    }

    @Test
    void csvExportIsAnAttachmentWithAHeaderAndOneQuotedRowPerRecord() {
        Http.Answer answer = expect(service.http.get(AUDIT + "?format=csv&from=" + start + "&to=" + end, admin), 200);
        assertThat(answer.header("Content-Type")).startsWith("text/csv");
        assertThat(answer.header("Content-Disposition")).startsWith("attachment;").contains(".csv");

        List<List<String>> rows = Csv.parse(answer.text());
        List<String> header = rows.get(0);
        assertThat(header).startsWith("id", "time", "requestType", "status", "reason")
                .contains("apiKeyId", "clientId", "certificateSha1", "algorithm", "remoteAddress", "context", "hash");
        List<JsonNode> expected = list("from=" + start + "&to=" + end, false);
        List<Map<String, String>> records = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertThat(row).hasSameSizeAs(header);
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                record.put(header.get(i), row.get(i));
            }
            records.add(record);
        }
        // Oldest first, exactly the records of the range.
        assertThat(records).extracting(r -> Long.parseLong(r.get("id")))
                .isEqualTo(reversed(ids(expected)));

        Map<String, String> sign = records.stream().filter(r -> r.get("requestType").equals("sign")
                && r.get("status").equals("success") && r.get("clientId").equals(clientA)).findFirst().orElseThrow();
        assertThat(sign.get("certificateSha1")).isEqualTo(rsa.sha1());
        assertThat(sign.get("apiKeyName")).isEqualTo("ci-audit");
        assertThat(sign.get("algorithm")).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(sign.get("context")).contains("fileName=app.jar", "fileSha256=" + fileSha256, "format=jar",
                "note=" + NOTE);
        Map<String, String> wrongDigest = records.stream().filter(r -> r.get("reason").startsWith("bad_request"))
                .findFirst().orElseThrow();
        assertThat(wrongDigest.get("reason")).contains("32 bytes");
        // A hostname a spreadsheet would run as a formula comes out defused.
        assertThat(records).filteredOn(r -> r.get("clientId").equals(clientB))
                .allMatch(r -> r.get("clientHostname").equals("'=build-b"));
    }

    @Test
    void jsonExportIsAnAttachmentOfTheRecordsInTheRange() {
        Http.Answer answer = expect(service.http.get(AUDIT + "?format=json&from=" + middle + "&to=" + end, admin), 200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("Content-Disposition")).startsWith("attachment;").contains(".json");
        JsonNode records = answer.json();
        assertThat(records.isArray()).isTrue();
        assertThat(records).extracting(r -> text(r, "requestType")).containsExactly("sign", "index", "sign");
        assertThat(records.get(0).get("clientId").asText()).isEqualTo(clientOff);
        assertThat(records.get(2).get("certificateSha1").asText()).isEqualTo(ec.sha1());
        assertThat(records).allSatisfy(r -> assertThat(text(r, "hash")).matches("[0-9a-f]{64}"));

        JsonNode everything = expect(service.http.get(AUDIT + "?format=json&to=" + end, admin), 200).json();
        assertThat(ids(everything)).isEqualTo(reversed(ids(list("", false))));
    }

    @Test
    void aDateRangeThatHoldsNoRecordsExportsNone() {
        String future = "from=" + end.plus(Duration.ofDays(1)) + "&to=" + end.plus(Duration.ofDays(2));
        List<List<String>> rows = Csv.parse(expect(service.http.get(AUDIT + "?format=csv&" + future, admin), 200).text());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).startsWith("id", "time");
        assertThat(expect(service.http.get(AUDIT + "?format=json&" + future, admin), 200).json()).isEmpty();
        String past = "from=" + start.minus(Duration.ofDays(2)) + "&to=" + start.minus(Duration.ofDays(1));
        assertThat(expect(service.http.get(AUDIT + "?format=json&" + past, admin), 200).json()).isEmpty();
        assertThat(expect(service.http.get(AUDIT + "?" + past, admin), 200).json().get("total").asLong()).isZero();
        assertThat(expect(service.http.get(AUDIT + "?format=xml", admin), 400).error()).isEqualTo("bad_request");
    }

    @Test
    void aSignCallWhoseContextIsLongOnceEscapedIsStillRecorded() {
        String controls = "\u0001".repeat(500);
        Http.Answer answer = service.http.post("/api/v1/client/sign", tokenA, Map.of("sha1", rsa.sha1(),
                "algorithm", "RSA_PKCS1_SHA256", "data", Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(FILE)),
                "context", Map.of("fileName", controls, "fileSha256", controls, "format", controls, "note", controls)));
        assertThat(answer.status()).as(answer.text()).isIn(200, 400);
        List<JsonNode> records = list("type=sign&clientId=" + clientA + "&from=" + end + "&to=" + end.plus(Duration.ofDays(1)));
        assertThat(records).hasSize(1);
        assertThat(text(records.get(0), "status")).isEqualTo(answer.status() == 200 ? "success" : "failure");
    }

    @Test
    void aRefusalForAnInactiveCertificateNamesTheCertificate() {
        TestPki.TestIdentity retired = TestPki.rsa(2048, "Retired RSA");
        String id = service.importP12(retired.p12("pw"), "pw").get("id").asText();
        expect(service.http.patch("/api/v1/admin/certificates/" + id, admin, Map.of("active", false)), 200);
        assertThat(sign(tokenB, retired.sha1(), "RSA_PKCS1_SHA256", new byte[32]).error()).isEqualTo("certificate_inactive");
        JsonNode record = only(list("type=sign&clientId=" + clientB + "&from=" + end + "&to=" + end.plus(Duration.ofDays(1))),
                r -> true);
        assertThat(reason(record)).startsWith("certificate_inactive");
        assertThat(text(record, "certificateSha1")).isEqualTo(retired.sha1());
        assertThat(text(record, "certificateName")).isEqualTo("Retired RSA");
        assertThat(text(record, "algorithm")).isEqualTo("RSA_PKCS1_SHA256");
    }

    @Test
    void onlyAdminsReadTheAudit() {
        String user = service.userToken("auditor-non-admin", false);
        assertThat(service.http.get(AUDIT, user).status()).isEqualTo(403);
        assertThat(service.http.get(AUDIT + "?format=csv", user).status()).isEqualTo(403);
        assertThat(service.http.get(AUDIT + "/verify", user).status()).isEqualTo(403);
        assertThat(service.http.get(AUDIT, null).status()).isEqualTo(401);
    }

    // --- calls and lookups

    private static Http.Answer register(String apiKey, String hostname) {
        return service.http.post("/api/v1/client/register", apiKey,
                Map.of("hostname", hostname, "platform", "Linux", "appVersion", "1.0.0"));
    }

    private static Http.Answer sign(String token, String sha1, String algorithm, byte[] data) {
        return service.http.post("/api/v1/client/sign", token, Map.of("sha1", sha1, "algorithm", algorithm,
                "data", Base64.getEncoder().encodeToString(data),
                "context", Map.of("fileName", "app.jar", "fileSha256", fileSha256, "format", "jar", "note", NOTE)));
    }

    /** The register, index and sign records of the range the setup wrote. */
    private static List<JsonNode> protocolRecords() {
        return list("", true);
    }

    private static List<JsonNode> list(String query) {
        return list(query, true);
    }

    /** Records of the setup's range matching the query; protocol calls only unless {@code protocolOnly} is false. */
    private static List<JsonNode> list(String query, boolean protocolOnly) {
        String range = (query.contains("from=") ? "" : "&from=" + start) + (query.contains("to=") ? "" : "&to=" + end);
        JsonNode page = expect(service.http.get(AUDIT + "?limit=1000&" + query + range, admin), 200).json();
        List<JsonNode> records = StreamSupport.stream(page.get("records").spliterator(), false).toList();
        assertThat(page.get("total").asLong()).isEqualTo(records.size());
        return protocolOnly
                ? records.stream().filter(r -> List.of("register", "index", "sign").contains(text(r, "requestType"))).toList()
                : records;
    }

    private static JsonNode only(List<JsonNode> records, Predicate<JsonNode> which) {
        List<JsonNode> matching = records.stream().filter(which).toList();
        assertThat(matching).as("records matching in %s", records).hasSize(1);
        return matching.get(0);
    }

    private static boolean type(JsonNode record, String type) {
        return type.equals(text(record, "requestType"));
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String reason(JsonNode record) {
        String reason = text(record, "reason");
        return reason == null ? "" : reason;
    }

    private static Map<String, String> contextOf(JsonNode record) {
        Map<String, String> context = new LinkedHashMap<>();
        record.get("context").fields().forEachRemaining(e -> context.put(e.getKey(), e.getValue().asText()));
        return context;
    }

    private static List<Long> ids(Iterable<JsonNode> records) {
        List<Long> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.get("id").asLong()));
        return ids;
    }

    private static void assertLoopback(String address) throws Exception {
        assertThat(address).isNotBlank();
        assertThat(InetAddress.getByName(address.replace("[", "").replace("]", "")).isLoopbackAddress())
                .as(address).isTrue();
    }

    private static List<Long> reversed(List<Long> ids) {
        List<Long> copy = new ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }
}

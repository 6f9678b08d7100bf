package io.signingmanager.service.license;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.LicenseFiles;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscription licenses end to end: the CLI makes the issuer key and signs licenses; an admin
 * uploads one; the service checks it against the configured issuer key, shows what it grants and
 * refuses forged, altered, expired and malformed files with a clear message.
 */
class LicenseTest {
    private static final String LICENSE = "/api/v1/admin/license";
    private static final LocalDate NEXT_YEAR = LocalDate.now(ZoneOffset.UTC).plusDays(365);

    @TempDir
    Path files;
    private Path issuer;
    private Path valid;

    @BeforeEach
    void makeIssuerKeyAndLicense() {
        issuer = files.resolve("issuer");
        assertThat(cli("keygen", "--out", issuer.toString()).code).isZero();
        valid = issue(issuer, "ACME", NEXT_YEAR, "valid.json");
    }

    @Test
    void keygenMakesAnOwnerOnlyPrivateKeyAndAPublicKeyAndNeverOverwritesThem() throws Exception {
        Path key = issuer.resolve("license-issuer.key");
        Path pub = issuer.resolve("license-issuer.pub");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(IssuerKeys.readPublic(pub).getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(IssuerKeys.readPrivate(key).getAlgorithm()).isIn("Ed25519", "EdDSA");

        byte[] before = Files.readAllBytes(key);
        Result again = cli("keygen", "--out", issuer.toString());
        assertThat(again.code).isEqualTo(2);
        assertThat(again.err).contains("already exists");
        assertThat(Files.readAllBytes(key)).isEqualTo(before);
    }

    @Test
    void issueWritesALicenseTheIssuerKeyVerifies() throws Exception {
        JsonNode file = Json.mapper().readTree(valid.toFile());
        assertThat(file.fieldNames()).toIterable().containsExactlyInAnyOrder("license", "signature");
        License license = LicenseCodec.verify(Files.readAllBytes(valid),
                IssuerKeys.readPublic(issuer.resolve("license-issuer.pub")), Instant.now());
        assertThat(license.licensee()).isEqualTo("ACME");
        assertThat(license.auditRetentionDays()).isEqualTo(400);
        assertThat(license.expiresAt()).isEqualTo(NEXT_YEAR.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(license.licenseId()).isNotBlank();

        Result printed = cli("issue", "--key", issuer.resolve("license-issuer.key").toString(), "--licensee", "Stdout Co",
                "--expires", NEXT_YEAR.toString());
        assertThat(printed.code).isZero();
        assertThat(LicenseCodec.verify(printed.out.getBytes(StandardCharsets.UTF_8),
                IssuerKeys.readPublic(issuer.resolve("license-issuer.pub")), Instant.now()).auditRetentionDays())
                .as("default retention").isEqualTo(365);
    }

    @Test
    void issueRefusesMissingOrMalformedArguments() {
        String key = issuer.resolve("license-issuer.key").toString();
        assertThat(cli("issue", "--key", key, "--expires", NEXT_YEAR.toString()).err).contains("--licensee is required");
        assertThat(cli("issue", "--key", key, "--licensee", "X", "--expires", "next year").err).contains("YYYY-MM-DD");
        assertThat(cli("issue", "--key", key, "--licensee", "X", "--expires", NEXT_YEAR.toString(),
                "--retention-days", "0").err).contains("at least 1");
        Result wrongKey = cli("issue", "--key", issuer.resolve("license-issuer.pub").toString(), "--licensee", "X",
                "--expires", NEXT_YEAR.toString());
        assertThat(wrongKey.code).isEqualTo(1);
        assertThat(wrongKey.err).contains("private key");
        assertThat(cli("sell").code).isEqualTo(2);
        assertThat(cli().err).contains("Usage");
    }

    @Test
    void anAdminUploadsALicenseAndSeesLicenseeExpiryAndRetention() {
        try (TestService service = licensedService()) {
            String admin = service.adminToken();
            JsonNode before = expect(service.http.get(LICENSE, admin), 200).json();
            assertThat(before.get("licensed").asBoolean()).isFalse();
            assertThat(before.get("auditRetentionDays").asInt()).isEqualTo(90);
            assertThat(before.get("issuerConfigured").asBoolean()).isTrue();
            assertThat(before.has("license")).isFalse();
            assertThat(retentionDays(service, admin)).isEqualTo(90);

            JsonNode status = expect(upload(service, admin, read(valid)), 200).json();
            assertLicensedToAcme(status);
            assertLicensedToAcme(expect(service.http.get(LICENSE, admin), 200).json());
            assertThat(retentionDays(service, admin)).isEqualTo(400);

            JsonNode audited = expect(service.http.get("/api/v1/admin/audit?type=admin&action=license.upload", admin),
                    200).json();
            assertThat(audited.get("total").asLong()).isEqualTo(1);
            JsonNode record = audited.get("records").get(0);
            assertThat(record.get("username").asText()).isEqualTo("admin");
            assertThat(record.get("objectName").asText()).isEqualTo("ACME");
            assertThat(record.get("before").get("auditRetentionDays").asText()).isEqualTo("90");
            assertThat(record.get("after").get("auditRetentionDays").asText()).isEqualTo("400");
            assertThat(record.get("after").get("licensee").asText()).isEqualTo("ACME");
        }
    }

    @Test
    void aLongerRetentionFromALaterLicenseDoesNotMakeAnEarlierPurgeLookLikeARemoval() {
        try (TestService service = licensedService()) {
            service.createApiKey("written before the purge");
            service.clock.advance(Duration.ofDays(91));
            // Signing in writes a record, which purges those older than the 90 days in force.
            String admin = service.login("admin", TestService.ADMIN_PASSWORD);
            long oldest = expect(service.http.get("/api/v1/admin/audit?limit=1000", admin), 200).json()
                    .get("records").findValues("id").stream().mapToLong(JsonNode::asLong).min().orElseThrow();
            assertThat(oldest).isGreaterThan(1);
            assertVerifies(service, admin);

            // 400 days from now on: the records purged at 90 days were still due then.
            expect(upload(service, admin, read(valid)), 200);
            assertThat(retentionDays(service, admin)).isEqualTo(400);
            assertVerifies(service, admin);
        }
    }

    private static void assertVerifies(TestService service, String admin) {
        JsonNode check = expect(service.http.get("/api/v1/admin/audit/verify", admin), 200).json();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void forgedAlteredExpiredAndMalformedLicensesAreRefusedAndLeaveTheStoredOneInPlace() throws Exception {
        Path otherIssuer = files.resolve("other-issuer");
        assertThat(cli("keygen", "--out", otherIssuer.toString()).code).isZero();
        byte[] forged = read(issue(otherIssuer, "ACME", NEXT_YEAR, "forged.json"));
        byte[] altered = LicenseFiles.alterRetention(read(valid), 4000);
        byte[] expired = read(issue(issuer, "ACME", LocalDate.now(ZoneOffset.UTC).minusDays(2), "expired.json"));

        try (TestService service = licensedService()) {
            String admin = service.adminToken();
            // Refused while unlicensed: still unlicensed afterwards.
            assertRefused(service, admin, forged, "not signed by the configured license issuer");
            assertThat(expect(service.http.get(LICENSE, admin), 200).json().get("licensed").asBoolean()).isFalse();

            expect(upload(service, admin, read(valid)), 200);
            assertRefused(service, admin, forged, "not signed by the configured license issuer");
            assertRefused(service, admin, altered, "not signed by the configured license issuer");
            assertRefused(service, admin, expired, "expired");
            assertRefused(service, admin, "this is not a license".getBytes(StandardCharsets.UTF_8), "not a license file");
            assertRefused(service, admin, "{\"license\":\"@@@\",\"signature\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8),
                    "not a license file");
            assertRefused(service, admin, new byte[0], "not a license file");
            assertThat(retentionDays(service, admin)).isEqualTo(400);
        }
    }

    @Test
    void aStoredLicenseStopsGrantingOnceItExpires() {
        Path shortLicense = issue(issuer, "Brief Ltd", LocalDate.now(ZoneOffset.UTC).plusDays(10), "short.json");
        try (TestService service = licensedService()) {
            expect(upload(service, service.adminToken(), read(shortLicense)), 200);
            assertThat(retentionDays(service, service.adminToken())).isEqualTo(400);

            service.clock.advance(Duration.ofDays(12));
            String admin = service.login("admin", TestService.ADMIN_PASSWORD);
            JsonNode status = expect(service.http.get(LICENSE, admin), 200).json();
            assertThat(status.get("licensed").asBoolean()).isFalse();
            assertThat(status.get("auditRetentionDays").asInt()).isEqualTo(90);
            assertThat(status.get("problem").asText()).contains("expired");
            assertThat(retentionDays(service, admin)).isEqualTo(90);
        }
    }

    @Test
    void theLicensedRetentionKeepsRecordsPastNinetyDays() {
        try (TestService service = licensedService()) {
            expect(upload(service, service.adminToken(), read(valid)), 200);
            String oldLogin = service.login("admin", TestService.ADMIN_PASSWORD);
            long firstId = expect(service.http.get("/api/v1/admin/audit?limit=1", oldLogin), 200).json()
                    .get("records").get(0).get("id").asLong();

            service.clock.advance(Duration.ofDays(91));
            String admin = service.login("admin", TestService.ADMIN_PASSWORD);
            JsonNode page = expect(service.http.get("/api/v1/admin/audit?limit=1000", admin), 200).json();
            assertThat(page.get("records")).extracting(r -> r.get("id").asLong()).contains(firstId, 1L);
            assertThat(expect(service.http.get("/api/v1/admin/audit/verify", admin), 200).json()
                    .get("valid").asBoolean()).isTrue();
        }
    }

    @Test
    void anAdminCanRemoveTheLicense() {
        try (TestService service = licensedService()) {
            String admin = service.adminToken();
            expect(upload(service, admin, read(valid)), 200);
            JsonNode removed = expect(service.http.delete(LICENSE, admin), 200).json();
            assertThat(removed.get("licensed").asBoolean()).isFalse();
            assertThat(retentionDays(service, admin)).isEqualTo(90);
        }
    }

    @Test
    void aServiceWithoutAnIssuerKeyRefusesUploadsSayingWhy() {
        try (TestService service = TestService.start()) {
            String admin = service.adminToken();
            assertThat(expect(service.http.get(LICENSE, admin), 200).json().get("issuerConfigured").asBoolean()).isFalse();
            Http.Answer answer = expect(upload(service, admin, read(valid)), 400);
            assertThat(answer.error()).isEqualTo("invalid_license");
            assertThat(answer.json().get("message").asText()).contains("No license issuer key is configured")
                    .contains("--license-issuer");
            assertThat(expect(service.http.get(LICENSE, admin), 200).json().get("licensed").asBoolean()).isFalse();
        }
    }

    @Test
    void nonAdminsCannotSeeUploadOrRemoveTheLicense() {
        try (TestService service = licensedService()) {
            String user = service.userToken("license-viewer", false);
            assertThat(service.http.get(LICENSE, user).status()).isEqualTo(403);
            assertThat(service.http.put(LICENSE, user, read(valid)).status()).isEqualTo(403);
            assertThat(service.http.delete(LICENSE, user).status()).isEqualTo(403);
            assertThat(service.http.get("/api/v1/admin/audit/retention", user).status()).isEqualTo(403);
            assertThat(service.http.put(LICENSE, null, read(valid)).status()).isEqualTo(401);
            assertThat(expect(service.http.get(LICENSE, service.adminToken()), 200).json().get("licensed").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void theServiceMainRunsTheLicenseSubcommand() throws Exception {
        Path out = files.resolve("from-main");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process keygen = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.signingmanager.service.Main", "license", "keygen", "--out", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).as(output).isZero();
        assertThat(output).contains("license-issuer.key", "license-issuer.pub");
        assertThat(out.resolve("license-issuer.key")).exists();
        assertThat(out.resolve("license-issuer.pub")).exists();

        Process usage = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.signingmanager.service.Main", "license", "issue").redirectErrorStream(true).start();
        String usageOutput = new String(usage.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(usage.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(2);
        assertThat(usageOutput).contains("required");
    }

    // --- helpers

    private TestService licensedService() {
        return TestService.start(config -> config.withLicenseIssuer(issuer.resolve("license-issuer.pub")));
    }

    private static Http.Answer upload(TestService service, String admin, byte[] file) {
        return service.http.put(LICENSE, admin, file);
    }

    private static void assertRefused(TestService service, String admin, byte[] file, String why) {
        JsonNode before = expect(service.http.get(LICENSE, admin), 200).json();
        Http.Answer answer = expect(upload(service, admin, file), 400);
        assertThat(answer.error()).isEqualTo("invalid_license");
        assertThat(answer.json().get("message").asText()).containsIgnoringCase(why);
        assertThat(expect(service.http.get(LICENSE, admin), 200).json()).as("the stored license is unchanged")
                .isEqualTo(before);
    }

    private static void assertLicensedToAcme(JsonNode status) {
        assertThat(status.get("licensed").asBoolean()).isTrue();
        assertThat(status.get("auditRetentionDays").asInt()).isEqualTo(400);
        JsonNode license = status.get("license");
        assertThat(license.get("licensee").asText()).isEqualTo("ACME");
        assertThat(Instant.parse(license.get("expiresAt").asText()))
                .isEqualTo(NEXT_YEAR.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        assertThat(license.get("auditRetentionDays").asInt()).isEqualTo(400);
        assertThat(status.has("problem")).isFalse();
    }

    private static int retentionDays(TestService service, String admin) {
        return expect(service.http.get("/api/v1/admin/audit/retention", admin), 200).json().get("retentionDays").asInt();
    }

    private Path issue(Path issuerFolder, String licensee, LocalDate expires, String name) {
        Path out = files.resolve(name);
        Result result = cli("issue", "--key", issuerFolder.resolve("license-issuer.key").toString(), "--licensee", licensee,
                "--expires", expires.toString(), "--retention-days", "400", "--out", out.toString());
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains(licensee);
        return out;
    }


    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LicenseCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package io.signingmanager.service;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestPki;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the service as its own process, uses it the way people and clients do, stops it, and then
 * reads every byte it left behind (its log and its data folder) looking for the secrets it handled.
 * Private keys, API keys, tokens and passwords may only ever be stored sealed or hashed.
 */
class SecretsAtRestTest {
    private static final Pattern LISTENING = Pattern.compile("listening on https://0\\.0\\.0\\.0:(\\d+)");
    private static final Pattern TLS_PIN = Pattern.compile("TLS certificate SHA-256 ([0-9A-Fa-f:]{95})");
    private static final String P12_PASSWORD = "p12 password 7f3a9c";
    private static final String ADMIN_PASSWORD = "admin password 51e2b8";
    private static final String USER_INITIAL_PASSWORD = "initial password 0d94c1";
    private static final String USER_PASSWORD = "user password 8ab7e3";

    @TempDir
    Path folder;
    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void noSecretIsLeftInTheLogOrTheDataFolder() throws Exception {
        Path data = folder.resolve("data");
        Path log = folder.resolve("service.log");
        Http http = startService(data, log);
        Map<String, byte[]> secrets = new LinkedHashMap<>();

        // Sign in as the default admin, then a second user; both through the first sign-in steps.
        String adminToken = login(http, "admin", "change_password");
        expect(http.post("/api/v1/auth/password", adminToken,
                Map.of("currentPassword", "change_password", "newPassword", ADMIN_PASSWORD)), 200);
        expect(http.post("/api/v1/auth/agreement", adminToken, null), 200);
        expect(http.post("/api/v1/admin/users", adminToken,
                Map.of("username", "operator", "password", USER_INITIAL_PASSWORD, "admin", false)), 201);
        String userToken = login(http, "operator", USER_INITIAL_PASSWORD);
        expect(http.post("/api/v1/auth/password", userToken,
                Map.of("currentPassword", USER_INITIAL_PASSWORD, "newPassword", USER_PASSWORD)), 200);
        expect(http.post("/api/v1/auth/agreement", userToken, null), 200);
        String signedOutToken = login(http, "operator", USER_PASSWORD);
        expect(http.post("/api/v1/auth/logout", signedOutToken, null), 204);
        text(secrets, "admin session token", adminToken);
        text(secrets, "user session token", userToken);
        text(secrets, "signed-out session token", signedOutToken);
        text(secrets, "admin password", ADMIN_PASSWORD);
        text(secrets, "user's first password", USER_INITIAL_PASSWORD);
        text(secrets, "user password", USER_PASSWORD);
        text(secrets, "p12 password", P12_PASSWORD);

        // Import an RSA and an EC identity.
        TestPki.TestIdentity rsa = TestPki.issuedByCa("At Rest RSA", TestPki.rsaKeys(2048));
        TestPki.TestIdentity ec = TestPki.ec("secp384r1", "At Rest EC");
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            byte[] p12 = identity.p12(P12_PASSWORD);
            expect(http.upload("POST", "/api/v1/admin/certificates", adminToken, "file", p12,
                    Map.of("password", P12_PASSWORD)), 201);
            String name = identity.privateKey().getAlgorithm() + " private key";
            byte[] pkcs8 = identity.privateKey().getEncoded();
            secrets.put(name + " PKCS#8 DER", pkcs8);
            text(secrets, name + " PKCS#8 base64", Base64.getEncoder().encodeToString(pkcs8));
            text(secrets, name + " PKCS#8 as a PEM line", Base64.getEncoder().encodeToString(pkcs8).substring(0, 64));
            text(secrets, name + " PKCS#8 base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(pkcs8));
            secrets.put(name + " .p12 upload", p12);
        }
        RSAPrivateCrtKey rsaKey = (RSAPrivateCrtKey) rsa.privateKey();
        secrets.put("RSA private exponent", unsigned(rsaKey.getPrivateExponent().toByteArray()));
        secrets.put("RSA prime p", unsigned(rsaKey.getPrimeP().toByteArray()));
        secrets.put("EC private scalar", unsigned(((ECPrivateKey) ec.privateKey()).getS().toByteArray()));

        // API keys, clients, signatures.
        List<String> clientTokens = new ArrayList<>();
        for (String keyName : List.of("build farm key", "release key")) {
            JsonNode key = expect(http.post("/api/v1/admin/api-keys", adminToken, Map.of("name", keyName)), 201).json();
            String value = key.get("key").asText();
            assertThat(expect(http.get("/api/v1/admin/api-keys/" + key.get("id").asText() + "/value", adminToken), 200)
                    .json().get("key").asText()).isEqualTo(value);
            text(secrets, "API key '" + keyName + "'", value);
            JsonNode client = expect(http.post("/api/v1/client/register", value,
                    Map.of("hostname", keyName.replace(' ', '-'), "platform", "Linux", "appVersion", "1.0.0")), 201).json();
            String clientToken = client.get("clientToken").asText();
            text(secrets, "client token of '" + keyName + "'", clientToken);
            clientTokens.add(clientToken);
        }
        for (String clientToken : clientTokens) {
            expect(http.get("/api/v1/client/identities", clientToken), 200);
            expect(http.post("/api/v1/client/sign", clientToken, Map.of("sha1", rsa.sha1(), "algorithm", "RSA_PKCS1_SHA256",
                    "data", Base64.getEncoder().encodeToString(new byte[32]))), 200);
            expect(http.post("/api/v1/client/sign", clientToken, Map.of("sha1", ec.sha1(), "algorithm", "ECDSA_SHA384",
                    "data", Base64.getEncoder().encodeToString(new byte[48]))), 200);
        }

        // An App Store Connect API key: its .p8 is sealed like a signing key, in every encoding it arrives in.
        KeyPair p8 = TestPki.ecKeys("secp256r1");
        byte[] p8Der = p8.getPrivate().getEncoded();
        String p8Pem = Pem.encode("PRIVATE KEY", p8Der);
        expect(http.post("/api/v1/admin/apple/connect-keys", adminToken, Map.of("name", "At Rest team key",
                "issuerId", "57246542-96fe-1a63-e053-0824d011072a", "keyId", "ATREST1234", "p8", p8Pem)), 201);
        secrets.put(".p8 PKCS#8 DER", p8Der);
        text(secrets, ".p8 PEM", p8Pem);
        text(secrets, ".p8 base64 line", p8Pem.lines().skip(1).findFirst().orElseThrow());
        secrets.put(".p8 private scalar", unsigned(((ECPrivateKey) p8.getPrivate()).getS().toByteArray()));

        // Failed sign-ins, and the audit exported.
        for (String attempt : List.of("wrong guess one", "wrong guess two")) {
            assertThat(http.post("/api/v1/auth/login", null, Map.of("username", "admin", "password", attempt)).status())
                    .isEqualTo(401);
        }
        assertThat(http.post("/api/v1/auth/login", null, Map.of("username", "nobody", "password", ADMIN_PASSWORD)).status())
                .isEqualTo(401);
        List<byte[]> exports = new ArrayList<>();
        for (String format : List.of("json", "csv")) {
            Http.Answer export = expect(http.get("/api/v1/admin/audit?format=" + format, adminToken), 200);
            assertThat(export.text()).contains("sign", "login", "At Rest RSA");
            exports.add(export.body());
        }

        // A backup downloaded, one refused, and scheduled backups: their passphrases are kept nowhere in the clear.
        Path backups = Files.createDirectories(folder.resolve("backups"));
        expect(http.post("/api/v1/admin/backup", adminToken, Map.of("passphrase", "downloaded backup passphrase")), 200);
        assertThat(http.post("/api/v1/admin/backup", adminToken, Map.of("passphrase", "refused pw1")).status()).isEqualTo(400);
        expect(http.put("/api/v1/admin/backup/schedule", adminToken, Map.of("folder", backups.toString(),
                "intervalHours", 24, "keep", 2, "passphrase", "scheduled backup passphrase")), 200);
        text(secrets, "downloaded backup's passphrase", "downloaded backup passphrase");
        text(secrets, "refused backup passphrase", "refused pw1");
        text(secrets, "scheduled backups' passphrase", "scheduled backup passphrase");

        stopService(log);

        List<Path> files = new ArrayList<>(List.of(log));
        for (Path tree : List.of(data, backups)) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).forEach(files::add);
            }
        }
        assertThat(files).as("the scheduled backup").anyMatch(file -> file.getParent().equals(backups));
        Path database = data.resolve("signing-service.mv.db");
        assertThat(files).contains(database, data.resolve("master.key"), data.resolve("tls-key.pem"));

        List<String> leaks = new ArrayList<>();
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            secrets.forEach((name, secret) -> {
                if (indexOf(content, secret) >= 0) {
                    leaks.add(name + " in " + folder.relativize(file));
                }
            });
        }
        for (int i = 0; i < exports.size(); i++) {
            byte[] export = exports.get(i);
            int index = i;
            secrets.forEach((name, secret) -> {
                if (indexOf(export, secret) >= 0) {
                    leaks.add(name + " in audit export " + index);
                }
            });
        }
        assertThat(leaks).as("secrets found in the clear").isEmpty();

        // The search does find what is stored in the clear: certificates and names.
        byte[] stored = Files.readAllBytes(database);
        assertThat(indexOf(stored, rsa.leaf().getEncoded())).as("the RSA certificate's DER in the database").isNotNegative();
        assertThat(indexOf(stored, ec.leaf().getEncoded())).as("the EC certificate's DER in the database").isNotNegative();
        assertThat(indexOf(stored, "build farm key".getBytes(StandardCharsets.UTF_8))).as("an API key's name").isNotNegative();
        assertThat(indexOf(stored, "ATREST1234".getBytes(StandardCharsets.UTF_8))).as("a Key ID").isNotNegative();
        assertThat(indexOf(Files.readAllBytes(log), "listening on".getBytes(StandardCharsets.UTF_8))).isNotNegative();
    }

    @Test
    void theDataFolderAndItsKeysAreOwnerOnly() throws Exception {
        Path data = folder.resolve("data");
        Path log = folder.resolve("service.log");
        startService(data, log);
        stopService(log);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls-key.pem")))).isEqualTo("rw-------");
        assertThat(Files.size(data.resolve("master.key"))).isEqualTo(32);
    }

    private Http startService(Path data, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.signingmanager.service.Main", "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SIGNING_SERVICE_"));
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            Matcher port = LISTENING.matcher(text);
            Matcher pin = TLS_PIN.matcher(text);
            if (port.find() && pin.find()) {
                return new Http(URI.create("https://localhost:" + port.group(1)), pin.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("The service exited with " + process.exitValue() + ":\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The service did not say where it listens:\n" + Files.readString(log));
    }

    /** SIGTERM, as an operator's {@code kill} or a container runtime sends it. */
    private void stopService(Path log) throws Exception {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the service stopped within 30 s").isTrue();
        assertThat(process.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Signing Service stopped").doesNotContain("did not stop cleanly");
    }

    private static String login(Http http, String username, String password) {
        return expect(http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password)), 200)
                .json().get("token").asText();
    }

    private static void text(Map<String, byte[]> secrets, String name, String value) {
        secrets.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A big integer's magnitude without the sign byte Java adds. */
    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

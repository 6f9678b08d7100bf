package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What the Signing Certificates journeys share: certificates imported for one test under a name of
 * its own, clients to sign with them, and the admin API to check what the pages did.
 */
abstract class CertificateJourney extends AdminPagesJourney {
    static final String P12_PASSWORD = "p12 password";
    static final byte[] MESSAGE = "the file that gets signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path files;
    static SigningServiceClient client;

    /** A certificate imported for one test: its id, name, and the identity (key and chain) it came from. */
    record Imported(String id, String name, TestPki.TestIdentity identity) {
        String sha1() {
            return identity.sha1();
        }
    }

    /** A client registered for one test with an API key of its own. */
    record Signer(String keyId, String keyName, String token) {
    }

    @BeforeAll
    static void protocol() {
        client = service.protocolClient();
    }

    /** A CA-issued RSA 2048 certificate named {@code prefix} and a tag, imported through the API. */
    static Imported imported(String prefix) {
        String name = prefix + " " + tag();
        TestPki.TestIdentity identity = TestPki.issuedByCa(name, TestPki.rsaKeys(2048));
        String id = service.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD).get("id").asText();
        return new Imported(id, name, identity);
    }

    /** A new API key named {@code prefix} and a tag, and a client registered with it. */
    static Signer signer(String prefix) throws SigningServiceException {
        JsonNode key = service.createApiKey(prefix + " " + tag());
        String token = client.register(key.get("key").asText(), new RegisterRequest("host-" + tag(), "macOS", "2.0"))
                .clientToken();
        return new Signer(key.get("id").asText(), key.get("name").asText(), token);
    }

    /** Lets only {@code keyIds} sign with the certificate. */
    static void authorize(String certificateId, String... keyIds) {
        expect(service.http.put("/api/v1/admin/certificates/" + certificateId + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(keyIds))), 200);
    }

    static byte[] sign(String clientToken, String sha1) throws SigningServiceException {
        String digest = Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(MESSAGE));
        return Base64.getDecoder().decode(client.sign(clientToken, new SignRequest(sha1, "RSA_PKCS1_SHA256", digest, null))
                .signature());
    }

    static List<String> sha1s(String clientToken) throws SigningServiceException {
        return client.identities(clientToken).stream().map(Identity::sha1).toList();
    }

    /** The buttons beside the certificate page's heading. */
    static List<String> actions() {
        return browser.driver().findElements(By.cssSelector("main > .heading .actions a, main > .heading .actions button"))
                .stream().map(WebElement::getText).toList();
    }

    static List<JsonNode> storedCertificates() {
        List<JsonNode> list = new ArrayList<>();
        expect(service.http.get("/api/v1/admin/certificates", service.adminToken()), 200).json().forEach(list::add);
        return list;
    }

    static JsonNode stored(String id) {
        return expect(service.http.get("/api/v1/admin/certificates/" + id, service.adminToken()), 200).json();
    }

    static String storedSha1(String id) {
        return stored(id).get("sha1").asText();
    }

    /** Chooses the file in the form's file chooser and types the P12 password. */
    static void chooseP12(String name, byte[] p12, String password) throws IOException {
        browser.find(By.id("file")).sendKeys(Files.write(files.resolve(name), p12).toString());
        browser.type(By.id("password"), password);
    }

    /** The row of the certificates list naming {@code name}, found by searching for it. */
    static WebElement listRow(String name) {
        browser.go("/certificates?q=" + name.replace(' ', '+'));
        return browser.find(By.xpath("//tr[td/a[text()='" + name + "']]"));
    }
}

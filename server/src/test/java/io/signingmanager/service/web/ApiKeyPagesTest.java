package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The API Keys and Clients pages in a real browser on a real service: what they show is checked
 * against the JSON API, and what their buttons change against the client protocol. Each test
 * makes the keys and clients it needs ({@link #newKey}, {@link #newClient}), so each runs alone.
 */
class ApiKeyPagesTest extends AdminPagesJourney {
    private static final String KEY_NAME = "Build farm";
    private static final String HOSTNAME = "build-mac-1";
    private static SigningServiceClient protocol;
    private static TestPki.TestIdentity identity;

    /** An API key made for one test. */
    private record Key(String id, String name, String value) {
    }

    /** A client registered for one test. */
    private record Registered(String id, String token, String hostname) {
    }

    /** A certificate every key may sign with (a new certificate is authorized for all keys). */
    @BeforeAll
    static void importCertificate() {
        protocol = service.protocolClient();
        identity = TestPki.rsa(2048, "Key Pages Signing");
        service.importP12(identity.p12("pw"), "pw");
    }

    @Test
    void emptyListsSaySoAndExplainHowAMachineRegisters() {
        // Empty lists need a service of their own: the other tests' keys and clients share this one.
        try (TestService empty = TestService.start();
             Browser browser = Browser.signedIn(withAdmin(empty), "admin", TestService.ADMIN_PASSWORD)) {
            emptyLists(empty, browser);
        }
    }

    private static TestService withAdmin(TestService service) {
        service.adminToken();
        return service;
    }

    private static void emptyLists(TestService service, Browser browser) {
        browser.go("/api-keys");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("API Keys");
        assertThat(browser.text(By.cssSelector(".empty"))).contains("No API keys yet");
        assertThat(browser.find(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("API Keys");
        browser.screenshots("apikeys-empty");

        browser.click(By.linkText("All clients"));
        browser.awaitPath("/clients");
        assertThat(browser.text(By.cssSelector(".empty")))
                .contains("No client has registered yet", "Signing Manager Preferences",
                        "-s -i " + service.service.localUri() + " -a KEY");
        browser.screenshots("clients-empty");
    }

    @Test
    void anAdminCreatesAKeyByNameAndShowValueOpensItsValueInAPopUp() {
        String name = KEY_NAME + " " + tag();
        browser.go("/api-keys");
        browser.type(By.id("name"), name);
        browser.submit(By.xpath("//button[text()='Create API Key']"));
        browser.awaitPath("/api-keys");

        assertThat(browser.text(By.cssSelector(".notice")))
                .isEqualTo("API key " + name + " created. Click show value to see it.");
        WebElement show = browser.find(By.cssSelector("a[data-name='" + name + "']"));
        String keyId = show.getAttribute("data-value-of");
        JsonNode listed = apiKey(keyId);
        assertThat(listed.get("name").asText()).isEqualTo(name);
        assertThat(listed.get("active").asBoolean()).isTrue();
        String keyValue = expect(service.http.get("/api/v1/admin/api-keys/" + keyId + "/value", service.adminToken()), 200)
                .json().get("key").asText();
        assertThat(browser.driver().getPageSource()).doesNotContain(keyValue);
        assertThat(browser.find(By.id("key-" + keyId)).getAttribute("class")).contains("highlight");
        assertThat(row(keyId).getText()).contains(name, "show value", "Active");
        browser.screenshots("apikeys-created");

        show.click();
        WebElement dialog = browser.find(By.id("value-dialog"));
        browser.await(d -> !dialog.findElement(By.tagName("code")).getText().isEmpty());
        assertThat(dialog.findElement(By.tagName("code")).getText()).isEqualTo(keyValue);
        assertThat(dialog.findElement(By.cssSelector("[data-title]")).getText()).isEqualTo(name);
        browser.screenshots("apikeys-value-dialog");
        dialog.findElement(By.cssSelector("button[data-close]")).click();
        browser.await(d -> !dialog.isDisplayed());
    }

    @Test
    void withoutScriptShowValueIsAPageWithTheValueAndBack() {
        Key key = newKey();
        browser.go("/api-keys/" + key.id() + "/value");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("API key " + key.name());
        assertThat(browser.text(By.id("key-value"))).isEqualTo(key.value());
        browser.screenshots("apikeys-value-page");
        browser.click(By.linkText("← API Keys"));
        browser.awaitPath("/api-keys");
    }

    @Test
    void anEmptyOrTooLongNameIsSaidOnTheFormAndCreatesNothing() {
        int before = keyCount();
        browser.go("/api-keys");
        browser.type(By.id("name"), "   ");
        browser.submit(By.xpath("//button[text()='Create API Key']"));
        assertThat(browser.text(By.cssSelector(".error")))
                .isEqualTo("Give the API key a name, for example the machine or team that will use it.");
        assertThat(browser.find(By.id("name")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.screenshots("apikeys-name-empty");

        // maxlength stops typing more, so a longer name comes the way a crafted form would send it
        String tooLong = "n".repeat(201);
        browser.script().executeScript("arguments[0].value = arguments[1];",
                browser.find(By.id("name")), tooLong);
        browser.submit(By.xpath("//button[text()='Create API Key']"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The name is 201 characters long; use at most 200.");
        assertThat(browser.find(By.id("name")).getAttribute("value")).isEqualTo(tooLong);
        browser.screenshots("apikeys-name-too-long");

        assertThat(keyCount()).isEqualTo(before);
    }

    @Test
    void aRegisteredClientIsListedUnderItsKeyAndInAllClientsAndCounted() {
        Key key = newKey();
        browser.go("/api-keys/" + key.id() + "/clients");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Clients of " + key.name());
        assertThat(browser.text(By.cssSelector(".empty"))).contains("No client has registered with this key yet");
        browser.screenshots("clients-of-key-empty");

        Registered client = newClient(key);

        browser.go("/api-keys?q=" + key.name().replace(' ', '+'));
        WebElement count = row(key.id()).findElement(By.cssSelector("td.count a"));
        assertThat(count.getText()).isEqualTo("1");
        browser.screenshots("apikeys-one-client");
        count.click();
        browser.awaitPath("/api-keys/" + key.id() + "/clients");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Clients of " + key.name());
        assertThat(clientRow(client).getText()).contains(client.hostname(), "Linux", "1.0.0", "Active");
        browser.screenshots("clients-of-key");

        browser.click(By.linkText("All clients"));
        browser.awaitPath("/clients");
        assertThat(clientRow(client).getText()).contains(client.hostname(), "Linux", "1.0.0", key.name(), "Active");
        browser.screenshots("clients-all");

        browser.go("/api-keys?q=" + key.name().replace(' ', '+'));
        browser.click(By.cssSelector("#key-" + key.id() + " a.button[href$='/clients']"));
        browser.awaitPath("/api-keys/" + key.id() + "/clients");
    }

    @Test
    void aClientMadeInactiveInThePageCannotSign() throws Exception {
        Key key = newKey();
        Registered client = newClient(key);
        sign(client.token());

        browser.go("/clients?q=" + client.hostname());
        toggle(clientRow(client), "Make inactive");
        browser.awaitPath("/clients");
        assertThat(clientRow(client).findElement(By.cssSelector(".status")).getText()).isEqualTo("Inactive");
        assertThat(expect(service.http.get("/api/v1/admin/clients/" + client.id(), service.adminToken()), 200)
                .json().get("active").asBoolean()).isFalse();
        assertRefused(() -> sign(client.token()), "client_inactive");
        browser.screenshots("clients-inactive");

        browser.go("/api-keys/" + key.id() + "/clients");
        toggle(clientRow(client), "Make active");
        browser.awaitPath("/api-keys/" + key.id() + "/clients");
        assertThat(clientRow(client).findElement(By.cssSelector(".status")).getText()).isEqualTo("Active");
        sign(client.token());
    }

    @Test
    void aKeyMadeInactiveInThePageRegistersNoClientAndItsClientsCannotSign() throws Exception {
        Key key = newKey();
        Registered client = newClient(key);
        browser.go("/api-keys?q=" + key.name().replace(' ', '+'));
        toggle(row(key.id()), "Make inactive");
        browser.awaitPath("/api-keys");
        assertThat(row(key.id()).findElement(By.cssSelector(".status")).getText()).isEqualTo("Inactive");
        assertThat(apiKey(key.id()).get("active").asBoolean()).isFalse();
        assertRefused(() -> protocol.register(key.value(), new RegisterRequest("build-mac-2", "macOS", "2.0")),
                "key_inactive");
        assertRefused(() -> sign(client.token()), "key_inactive");
        browser.screenshots("apikeys-inactive");
    }

    @Test
    void anAdminDeletesAClientAndAKeyAfterConfirming() {
        JsonNode other = service.createApiKey("Old laptops " + tag());
        String otherId = other.get("id").asText();
        String oldClient = service.registerClient(other.get("key").asText(), "old-laptop").get("clientId").asText();

        browser.go("/api-keys/" + otherId + "/clients");
        browser.click(By.cssSelector("#client-" + oldClient + " a.danger"));
        browser.awaitPath("/clients/" + oldClient + "/delete");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Delete the client old-laptop?");
        browser.screenshots("clients-delete");
        browser.submit(By.xpath("//button[text()='Delete client']"));
        browser.awaitPath("/api-keys/" + otherId + "/clients");
        assertThat(service.http.get("/api/v1/admin/clients/" + oldClient, service.adminToken()).status()).isEqualTo(404);
        assertThat(browser.text(By.cssSelector(".empty"))).contains("No client has registered with this key yet");

        service.registerClient(other.get("key").asText(), "old-laptop-2");
        browser.go("/api-keys?q=" + other.get("name").asText().replace(' ', '+'));
        browser.click(By.cssSelector("#key-" + otherId + " a.danger"));
        browser.awaitPath("/api-keys/" + otherId + "/delete");
        assertThat(browser.text(By.cssSelector(".warning"))).contains("Its 1 registered client is deleted with it");
        browser.screenshots("apikeys-delete");
        browser.click(By.linkText("Cancel"));
        browser.awaitPath("/api-keys");
        assertThat(apiKey(otherId)).isNotNull();
        browser.go("/api-keys?q=" + other.get("name").asText().replace(' ', '+'));

        browser.click(By.cssSelector("#key-" + otherId + " a.danger"));
        browser.submit(By.xpath("//button[text()='Delete API key']"));
        browser.awaitPath("/api-keys");
        assertThat(apiKey(otherId)).isNull();
        assertThat(browser.driver().findElements(By.id("key-" + otherId))).isEmpty();
    }

    @Test
    void aNonAdminSeesKeysAndClientsAndTogglesThemButNothingMore() throws Exception {
        Key key = newKey();
        Registered client = newClient(key);
        expect(service.http.patch("/api/v1/admin/api-keys/" + key.id(), service.adminToken(), Map.of("active", false)),
                200);
        String viewer = "viewer-" + tag();
        String userToken = service.userToken(viewer, false);
        try (Browser browser = Browser.signedIn(service, viewer, TestService.USER_PASSWORD)) {
            nonAdmin(browser, userToken, key, client);
        }
    }

    private static void nonAdmin(Browser browser, String userToken, Key key, Registered client) throws Exception {
        String keyId = key.id();
        String keyValue = key.value();
        String clientId = client.id();
        String clientToken = client.token();
        int keysBefore = keyCount();

        browser.go("/api-keys?q=" + key.name().replace(' ', '+'));
        WebElement keyRow = browser.find(By.id("key-" + keyId));
        assertThat(keyRow.getText()).contains(key.name(), "Inactive");
        assertThat(browser.driver().findElements(By.id("name"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("form[action='/api-keys'][method=post]"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("a[data-value-of]"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("value-dialog"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("a.danger"))).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain("show value");
        toggle(browser, keyRow, "Make active");
        browser.awaitPath("/api-keys");
        assertThat(browser.find(By.cssSelector("#key-" + keyId + " .status")).getText()).isEqualTo("Active");
        assertThat(apiKey(keyId).get("active").asBoolean()).isTrue();
        sign(clientToken);
        browser.screenshots("apikeys-user");

        browser.go("/clients?q=" + client.hostname());
        WebElement clientRow = browser.find(By.id("client-" + clientId));
        assertThat(clientRow.getText()).contains(client.hostname(), "Linux");
        assertThat(browser.driver().findElements(By.cssSelector("a.danger"))).isEmpty();
        toggle(browser, clientRow, "Make inactive");
        browser.awaitPath("/clients");
        assertRefused(() -> sign(clientToken), "client_inactive");
        browser.screenshots("clients-user");

        browser.go("/api-keys/" + keyId + "/value");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Not allowed");
        assertThat(browser.driver().getPageSource()).doesNotContain(keyValue);
        browser.screenshots("apikeys-value-forbidden");

        // The server refuses, not just the menu: the pages' routes answer 403 to this user.
        assertThat(service.http.get("/api-keys/" + keyId + "/value", userToken).status()).isEqualTo(403);
        Http.Answer create = service.http.send("POST", "/api-keys", userToken,
                "name=sneaky".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.text()).contains("Not allowed");
        assertThat(service.http.send("POST", "/api-keys/" + keyId + "/delete", userToken, new byte[0],
                "application/x-www-form-urlencoded").status()).isEqualTo(403);
        assertThat(service.http.send("POST", "/clients/" + clientId + "/delete", userToken, new byte[0],
                "application/x-www-form-urlencoded").status()).isEqualTo(403);
        assertThat(service.http.get("/clients/" + clientId + "/delete", userToken).status()).isEqualTo(403);
        assertThat(apiKey(keyId)).isNotNull();
        assertThat(expect(service.http.get("/api/v1/admin/api-keys", service.adminToken()), 200).json())
                .noneMatch(listed -> listed.get("name").asText().equals("sneaky"));

        // Through the browser's own session too: a forged form with the user's CSRF token.
        browser.go("/api-keys");
        String csrf = browser.driver().findElement(By.cssSelector("form.who input[name=csrf]")).getAttribute("value");
        browser.awaitNewPageAfter(() -> browser.script().executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/api-keys';
                for (const [name, value] of [['csrf', arguments[0]], ['name', 'sneaky']]) {
                  const input = document.createElement('input');
                  input.type = 'hidden';
                  input.name = name;
                  input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", csrf));
        browser.awaitPath("/api-keys");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Not allowed");
        assertThat(keyCount()).isEqualTo(keysBefore);
    }

    @Test
    void aToggleReturnsOnlyToTheListsAndRefusesAMissingStatus() {
        Key key = newKey();
        String keyId = key.id();
        String clientId = newClient(key).id();
        String token = service.adminToken();
        Http.Answer elsewhere = service.http.send("POST", "/clients/" + clientId + "/active", token,
                "active=true&back=https://evil.example/".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(elsewhere.status()).isEqualTo(303);
        assertThat(elsewhere.header("Location")).isEqualTo("/clients#client-" + clientId);
        Http.Answer ofKey = service.http.send("POST", "/clients/" + clientId + "/active", token,
                ("active=true&back=/api-keys/" + keyId + "/clients").getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(ofKey.header("Location")).isEqualTo("/api-keys/" + keyId + "/clients#client-" + clientId);
        Http.Answer missing = service.http.send("POST", "/api-keys/" + keyId + "/active", token,
                "back=/api-keys".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(apiKey(keyId).get("active").asBoolean()).isTrue();
        assertThat(service.http.send("POST", "/clients/nope/active", token,
                "active=false".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded").status())
                .isEqualTo(404);
    }

    private static WebElement row(String id) {
        return browser.find(By.id("key-" + id));
    }

    private static WebElement clientRow(Registered client) {
        return browser.find(By.id("client-" + client.id()));
    }

    private static void toggle(WebElement row, String label) {
        toggle(browser, row, label);
    }

    private static void toggle(Browser browser, WebElement row, String label) {
        WebElement button = row.findElement(By.cssSelector("form.toggle button"));
        assertThat(button.getText()).startsWith(label);
        browser.submit(button);
    }

    /** A new active API key named for this test. */
    private static Key newKey() {
        JsonNode key = service.createApiKey(KEY_NAME + " " + tag());
        return new Key(key.get("id").asText(), key.get("name").asText(), key.get("key").asText());
    }

    /** A new client of {@code key}, with a host name of its own. */
    private static Registered newClient(Key key) {
        String hostname = HOSTNAME + "-" + tag();
        JsonNode registered = service.registerClient(key.value(), hostname);
        return new Registered(registered.get("clientId").asText(), registered.get("clientToken").asText(), hostname);
    }

    private static JsonNode apiKey(String id) {
        for (JsonNode key : expect(service.http.get("/api/v1/admin/api-keys", service.adminToken()), 200).json()) {
            if (key.get("id").asText().equals(id)) {
                return key;
            }
        }
        return null;
    }

    private static int keyCount() {
        return expect(service.http.get("/api/v1/admin/api-keys", service.adminToken()), 200).json().size();
    }

    private static void sign(String token) throws SigningServiceException {
        protocol.sign(token, new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256",
                Base64.getEncoder().encodeToString(new byte[32]), null));
    }

    interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call call, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SigningServiceException.class,
                e -> assertThat(e.error()).as(e.getMessage()).isEqualTo(error));
    }
}

package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What a user who is not an application admin sees and reaches: no Users, Audit, License or Backup in the
 * menu, the server refuses those pages and their forms (not only the menu hides them), and the API
 * Reference is there for everyone.
 */
class RolePagesTest {
    @RunningService
    private static TestService service;
    private static Browser browser;
    private static String adminId;
    private static String userToken;
    private static String connectKeyId;

    @BeforeAll
    static void start() {
        userToken = service.userToken("viewer", false);
        adminId = expect(service.http.get("/api/v1/auth/me", service.adminToken()), 200).json().get("id").asText();
        // An App Store Connect key, added without calling Apple: its pages are admins' only.
        connectKeyId = expect(service.http.post("/api/v1/admin/apple/connect-keys", service.adminToken(), Map.of("name", "Role key",
                "issuerId", "57246542-96fe-1a63-e053-0824d011072a", "keyId", "ROLEKEY001", "p8", Pem.encode("PRIVATE KEY",
                        TestPki.ecKeys("secp256r1").getPrivate().getEncoded()))), 201).json().get("id").asText();
        browser = Browser.open(service.service.localUri());
        browser.signIn("viewer", TestService.USER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    @Test
    void aNonAdminsMenuHasNoUsersAuditOrLicense() {
        browser.go("/");

        List<String> links = browser.driver().findElements(By.cssSelector("nav[aria-label='Main menu'] a")).stream()
                .map(a -> a.getAttribute("pathname")).toList();
        assertThat(links).containsExactly("/certificates", "/apple", "/api-keys", "/clients", "/reference");
        assertThat(browser.text(By.cssSelector("nav"))).doesNotContain("Users", "Audit", "License", "Backup");
        browser.go("/apple/workflows");
        assertThat(browser.text(By.cssSelector("nav.tabs"))).as("the Apple tabs").contains("Workflows")
                .doesNotContain("App Store Connect");
    }

    @Test
    void theAdminPagesAnswerNotAllowed() {
        for (String path : List.of("/users", "/users/new", "/users/" + adminId, "/audit", "/audit/manage",
                "/audit/export?format=csv", "/audit/export?format=json&from=2020-01-01&to=2030-01-01", "/license", "/backup",
                "/apple/connect-keys", "/apple/connect-keys/add", "/apple/connect-keys/" + connectKeyId,
                "/apple/connect-keys/" + connectKeyId + "/delete")) {
            browser.go(path);
            assertThat(browser.find(By.cssSelector("h1")).getText()).as(path).isEqualTo("Not allowed");
            assertThat(browser.text(By.cssSelector(".error"))).as(path).isEqualTo("Only application admins may do this");
            assertThat(service.http.get(path, userToken).status()).as(path).isEqualTo(403);
            assertThat(service.http.get(path, service.adminToken()).status()).as(path + " for an admin").isEqualTo(200);
        }
        browser.go("/audit");
        browser.screenshots("not-allowed");
    }

    @Test
    void theAdminFormsAreRefusedEvenWithAValidFormToken() {
        browser.go("/");
        int before = users().size();

        assertThat(post("/users", "username=intruder&password=a+long+enough+password&admin=on")).isEqualTo(403);
        assertThat(post("/users/" + adminId, "admin=on")).as("disable the admin").isEqualTo(403);
        assertThat(post("/users/" + adminId + "/password", "newPassword=taken+over+password&confirmPassword=taken+over+password"))
                .isEqualTo(403);
        assertThat(post("/users/" + adminId + "/delete", "")).isEqualTo(403);
        assertThat(post("/license/remove", "")).isEqualTo(403);
        assertThat(post("/backup/download", "passphrase=a+long+passphrase&confirmPassphrase=a+long+passphrase")).isEqualTo(403);
        assertThat(post("/backup/schedule", "folder=%2Ftmp&intervalHours=1&keep=1&passphrase=a+long+passphrase"
                + "&confirmPassphrase=a+long+passphrase")).isEqualTo(403);
        assertThat(post("/backup/schedule/remove", "")).isEqualTo(403);
        assertThat(post("/apple/workflows/new", "name=intruded&bundleId=com.example.intruded&distribution=mac-app-store"))
                .isEqualTo(403);
        assertThat(post("/apple/workflows/new", "load=bundle-ids&method=automatic&connectKeyId=x")).isEqualTo(403);
        String workflow = "/apple/workflows/00000000-0000-0000-0000-000000000000/automatic/";
        for (String action : List.of("set-up", "check", "manual")) {
            assertThat(post(workflow + action, "")).as(action).isEqualTo(403);
        }
        assertThat(post(workflow + "revoke", "certificateId=x&confirmName=x")).isEqualTo(403);
        assertThat(expect(service.http.get("/api/v1/admin/apple/workflows", userToken), 200).json()).isEmpty();
        // Test connection would call Apple: refused before it does.
        assertThat(post("/apple/connect-keys/" + connectKeyId + "/test", "")).isEqualTo(403);
        assertThat(post("/apple/connect-keys/" + connectKeyId + "/delete", "")).isEqualTo(403);
        assertThat(post("/apple/connect-keys/add", "name=intruded")).isEqualTo(403);
        assertThat(expect(service.http.get("/api/v1/admin/apple/connect-keys", service.adminToken()), 200).json()).hasSize(1);

        assertThat(users()).hasSize(before);
        assertThat(expect(service.http.get("/api/v1/admin/backup", service.adminToken()), 200).json().has("schedule"))
                .as("no schedule set").isFalse();
        assertThat(users()).noneMatch(u -> u.get("username").asText().equals("intruder"));
        JsonNode admin = users().stream().filter(u -> u.get("id").asText().equals(adminId)).findFirst().orElseThrow();
        assertThat(admin.get("active").asBoolean()).isTrue();
        assertThat(service.login("admin", TestService.ADMIN_PASSWORD)).as("the admin's password is unchanged").isNotBlank();
    }

    @Test
    void everyoneReadsTheApiReferenceWithTheConnectionDiagnostics() {
        browser.go("/");
        browser.click(By.linkText("API"));
        browser.awaitPath("/reference");

        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("API Reference");
        String version = SigningService.version().version();
        assertThat(browser.text(By.id("app-version"))).isEqualTo(version);
        assertThat(browser.text(By.id("api-version"))).isEqualTo("1");
        assertThat(browser.text(By.id("version-line"))).isEqualTo("Signing Service " + version + ", API version 1");
        assertThat(browser.text(By.id("service-url"))).isEqualTo(service.service.localUri().toString());
        assertThat(browser.text(By.id("tls-sha256"))).isEqualTo(String.join("\n", Fingerprints.lines(service.service.tlsSha256())));
        assertThat(browser.text(By.id("your-address"))).isNotBlank();
        assertThat(browser.text(By.id("database"))).matches("ok, round trip \\d+\\.\\d ms");
        assertThat(browser.text(By.id("server-time"))).endsWith(" UTC");
        WebElement calls = browser.find(By.id("client-calls"));
        assertThat(calls.getText()).contains("register", "POST /api/v1/client/register", "identities", "sign", "whoami");
        assertThat(browser.find(By.id("openapi-link")).getAttribute("pathname")).isEqualTo("/api/openapi.json");
        assertThat(expect(service.http.get("/api/openapi.json", null), 200).json().get("openapi").asText()).startsWith("3.");
        // The signing log's key, as the API serves it, and the log's size.
        assertThat(browser.text(By.id("log-key")))
                .isEqualTo(expect(service.http.get("/api/v1/log/key", null), 200).text().strip());
        assertThat(Long.parseLong(browser.text(By.id("log-size")))).isPositive();
        browser.screenshots("reference");
        browser.script().executeScript("arguments[0].scrollIntoView()", browser.find(By.id("log-key")));
        browser.screenshots("reference-log");
        browser.script().executeScript("arguments[0].scrollIntoView()", calls);
        browser.screenshots("reference-calls");

        String registeredBefore = browser.text(By.id("registered-clients"));
        service.registerClient(service.createApiKey("reference").get("key").asText(), "seen-by-reference");
        browser.go("/reference");
        assertThat(Integer.parseInt(browser.text(By.id("registered-clients"))))
                .isEqualTo(Integer.parseInt(registeredBefore) + 1);
    }

    /**
     * Posts a form from the signed-in page with its CSRF token, as a form would; answers the status,
     * having checked that a refusal is the role's and not the token's.
     */
    private static int post(String path, String fields) {
        Object answer = browser.script().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector("input[name=csrf]").value;
                fetch(arguments[0], {method: "POST", credentials: "same-origin", redirect: "manual",
                    headers: {"Content-Type": "application/x-www-form-urlencoded"},
                    body: "csrf=" + encodeURIComponent(csrf) + (arguments[1] ? "&" + arguments[1] : "")})
                  .then(answer => answer.text().then(text => done([answer.status, text])), error => done(String(error)));
                """, path, fields);
        assertThat(answer).as(path).isInstanceOf(List.class);
        List<?> statusAndText = (List<?>) answer;
        int status = ((Number) statusAndText.get(0)).intValue();
        if (status == 403) {
            assertThat((String) statusAndText.get(1)).as(path).contains("Only application admins may do this");
        }
        return status;
    }

    private static List<JsonNode> users() {
        JsonNode list = expect(service.http.get("/api/v1/admin/users", service.adminToken()), 200).json();
        return StreamSupport.stream(list.spliterator(), false).toList();
    }
}

package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * What every page shares, in a real browser: one way back (a link above the heading), one width
 * for forms, one Active/Inactive toggle whose badge and button stay on one line, and fingerprints
 * that never wrap and can be copied. Each test makes what it needs, so each runs alone.
 */
class PageLayoutTest extends AdminPagesJourney {
    private static final AtomicInteger APPLE_SEQUENCE = new AtomicInteger();

    @Test
    void everyPageBelowAListHasOneBackLinkAboveItsHeadingAndNoBackButton() {
        Fixture f = fixture();
        Map<String, String> backs = new LinkedHashMap<>();
        backs.put("/certificates/import", "Signing Certificates");
        backs.put("/certificates/" + f.certificateId(), "Signing Certificates");
        for (String page : List.of("sign", "authorize", "edit", "delete")) {
            backs.put("/certificates/" + f.certificateId() + "/" + page, f.certificateName());
        }
        backs.put("/api-keys/" + f.keyId() + "/value", "API Keys");
        backs.put("/api-keys/" + f.keyId() + "/delete", "API Keys");
        backs.put("/api-keys/" + f.keyId() + "/clients", "API Keys");
        backs.put("/clients/" + f.clientId() + "/delete", "Clients");
        backs.put("/users/new", "Users");
        backs.put("/users/" + f.userId(), "Users");
        backs.put("/audit/manage", "Audit");
        AppleWorkflows.Made made = appleFixture();
        String workflow = WorkflowPages.LIST + "/" + made.id();
        backs.put(WorkflowPages.LIST + "/new", "Workflows");
        backs.put(workflow, "Workflows");
        for (String page : List.of("edit", "authorize", "delete", "application-certificate/choose",
                "application-certificate/upload", "installer-certificate/upload", "profile/choose", "profile/upload")) {
            backs.put(workflow + "/" + page, made.name());
        }
        String profile = ProfilePages.LIST + "/" + made.view().at("/profile/id").asText();
        backs.put(ProfilePages.LIST + "/upload", "Provisioning Profiles");
        backs.put(profile, "Provisioning Profiles");
        backs.put(profile + "/replace", made.view().at("/profile/name").asText());
        backs.put(profile + "/delete", made.view().at("/profile/name").asText());
        String connectKey = ConnectKeyPages.LIST + "/" + connectKeyFixture();
        backs.put(ConnectKeyPages.LIST + "/add", ConnectKeyPages.TITLE);
        backs.put(connectKey, ConnectKeyPages.TITLE);
        backs.put(connectKey + "/delete", "Layout key " + APPLE_SEQUENCE.get());
        backs.forEach((path, label) -> {
            browser.go(path);
            WebElement back = browser.find(By.cssSelector("main > p.back:first-child a"));
            assertThat(back.getText()).as(path).isEqualTo("← " + label);
            assertThat(browser.driver().findElements(By.xpath("//main//*[self::a or self::button][normalize-space()='Back']")))
                    .as(path).isEmpty();
            assertThat(back.getRect().getX()).as(path).isEqualTo(browser.find(By.cssSelector("h1")).getRect().getX());
        });
        browser.go("/certificates/" + f.certificateId() + "/authorize");
        browser.click(By.linkText("← " + f.certificateName()));
        browser.awaitPath("/certificates/" + f.certificateId());
    }

    @Test
    void formsAndConfirmationsShareOneWidthAndStartWhereTheListsStart() {
        Fixture f = fixture();
        browser.go("/certificates");
        int left = browser.find(By.cssSelector("h1")).getRect().getX();
        for (String path : List.of("/certificates/import", "/certificates/" + f.certificateId() + "/authorize",
                "/certificates/" + f.certificateId() + "/delete", "/api-keys/" + f.keyId() + "/delete",
                "/clients/" + f.clientId() + "/delete", "/users/new")) {
            assertFormWidth(path, left);
        }
        AppleWorkflows.Made made = appleFixture();
        String workflow = WorkflowPages.LIST + "/" + made.id();
        String profile = ProfilePages.LIST + "/" + made.view().at("/profile/id").asText();
        for (String path : List.of(WorkflowPages.LIST + "/new", workflow + "/edit", workflow + "/authorize",
                workflow + "/delete", workflow + "/application-certificate/upload", workflow + "/profile/upload",
                ProfilePages.LIST + "/upload", profile + "/replace", profile + "/delete")) {
            assertFormWidth(path, left);
        }
        String connectKey = ConnectKeyPages.LIST + "/" + connectKeyFixture();
        for (String path : List.of(ConnectKeyPages.LIST + "/add", connectKey + "/delete")) {
            assertFormWidth(path, left);
        }
        browser.screenshots("form-width");
    }

    @Test
    void anAutomaticWorkflowsPagesAndTheCertificateLimitHaveTheirNeighboursLayout() {
        String tag = tag();
        String team = "LAYOUT" + tag.substring(0, 4).toUpperCase();
        String key = service.addConnectKey(service.apple.addKey(team, "Layout Corp"), "Layout key " + tag);
        String bundleId = "com.example.layout" + tag;
        service.apple.addBundleId(team, bundleId, "Layout app", "MAC_OS");
        for (String name : List.of("Layout first", "Layout second")) {
            service.apple.addCertificate(team, PortalCertificateType.MAC_APP_DISTRIBUTION, name);
        }
        String name = "Layout automatic " + tag;
        String workflow = WorkflowPages.LIST + "/" + TestService.expect(service.http.post(AppleWorkflows.PATH,
                service.adminToken(), Map.of("name", name, "bundleId", bundleId, "distribution", "mac-app-store",
                        "method", "automatic", "connectKeyId", key)), 201).json().get("id").asText();
        browser.go("/certificates");
        int left = browser.find(By.cssSelector("h1")).getRect().getX();
        assertFormWidth(workflow + "/edit", left);
        assertBackLink(workflow, "Workflows");
        browser.submit(By.id("set-up"));
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Certificate limit reached");
        assertBackLink(null, name);
        assertThat(service.apple.schemaProblems()).isEmpty();
    }

    /** The page ({@code null}: the one shown) has one back link, to {@code label}, above its heading. */
    private void assertBackLink(String path, String label) {
        if (path != null) {
            browser.go(path);
        }
        WebElement back = browser.find(By.cssSelector("main > p.back:first-child a"));
        assertThat(back.getText()).as(browser.currentPath()).isEqualTo("← " + label);
        assertThat(back.getRect().getX()).isEqualTo(browser.find(By.cssSelector("h1")).getRect().getX());
    }

    private void assertFormWidth(String path, int left) {
        browser.go(path);
        Rectangle form = browser.find(By.cssSelector("main > section")).getRect();
        assertThat(form.getX()).as(path).isEqualTo(left);
        assertThat(form.getWidth()).as(path).isEqualTo(600);
    }

    /** A ready workflow with its certificates and profile, under a name of its own: the Apple pages' objects. */
    private static AppleWorkflows.Made appleFixture() {
        return AppleWorkflows.ready(service, "Layout " + APPLE_SEQUENCE.incrementAndGet(), Distribution.DEVELOPER_ID);
    }

    /** An App Store Connect API key named "Layout key N", added without calling Apple; answers its id. */
    private static String connectKeyFixture() {
        int n = APPLE_SEQUENCE.incrementAndGet();
        return TestService.expect(service.http.post("/api/v1/admin/apple/connect-keys", service.adminToken(), Map.of(
                "name", "Layout key " + n, "issuerId", "57246542-96fe-1a63-e053-0824d011072a",
                "keyId", String.format("LAYOUT%04d", n), "p8", Pem.encode("PRIVATE KEY",
                        TestPki.ecKeys("secp256r1").getPrivate().getEncoded()))), 201).json().get("id").asText();
    }

    @Test
    void theStatusBadgeAndItsButtonStayOnOneLineAt800Pixels() {
        Fixture f = fixture();
        browser.resize(800, 900);
        try {
            for (String path : List.of("/certificates", "/api-keys", "/clients", "/api-keys/" + f.keyId() + "/clients",
                    "/certificates/" + f.certificateId())) {
                browser.go(path);
                List<WebElement> toggles = browser.driver().findElements(By.cssSelector("form.toggle"));
                assertThat(toggles).as(path).isNotEmpty();
                for (WebElement toggle : toggles) {
                    Rectangle badge = toggle.findElement(By.cssSelector(".status")).getRect();
                    Rectangle button = toggle.findElement(By.cssSelector("button")).getRect();
                    assertThat(button.getX()).as(path).isGreaterThan(badge.getX() + badge.getWidth() - 1);
                    assertThat(Math.abs(centre(badge) - centre(button))).as(path).isLessThan(4);
                }
            }
        } finally {
            browser.resize(1280, 900);
        }
    }

    @Test
    void fingerprintsNeverWrapAndBothCanBeCopied() {
        Fixture f = fixture();
        browser.resize(800, 900);
        try {
            browser.go("/certificates/" + f.certificateId());
            for (String id : List.of("sha1", "sha256")) {
                WebElement code = browser.find(By.id(id));
                assertThat(code.getRect().getHeight()).as(id).isLessThan(30);
                assertThat(browser.find(By.cssSelector("button[data-copy=" + id + "]")).getText()).isEqualTo("Copy");
            }
            browser.go("/certificates?q=" + f.certificateName().replace(" ", "+"));
            WebElement sha1 = browser.find(By.cssSelector("table.certificates code.fingerprint"));
            assertThat(sha1.getAttribute("title")).isEqualTo(f.sha1());
            assertThat(sha1.getRect().getHeight()).isLessThan(30);
            assertThat(browser.find(By.cssSelector("button[data-copy='" + sha1.getAttribute("id") + "']")).getText())
                    .isEqualTo("Copy");
        } finally {
            browser.resize(1280, 900);
        }
        browser.screenshots("certificates-list-fingerprints");
    }

    @Test
    void addressesAreWrittenOneWayWithoutBrackets() {
        Fixture f = fixture();
        browser.go("/audit");
        List<String> addresses = new ArrayList<>();
        for (WebElement cell : browser.driver().findElements(By.cssSelector("td[data-field=remoteAddress]"))) {
            if (!cell.getText().isEmpty()) {
                addresses.add(cell.getText());
            }
        }
        browser.go("/clients?q=layout-");
        addresses.add(browser.text(By.cssSelector("#client-" + f.clientId() + " .address")).replace("from ", ""));
        browser.go("/reference");
        addresses.add(browser.text(By.id("your-address")));
        assertThat(addresses).isNotEmpty().allSatisfy(address -> assertThat(address)
                .doesNotContain("[", "]", "0:0:0").isIn("::1", "127.0.0.1"));
    }

    private record Fixture(String certificateId, String certificateName, String sha1, String keyId, String clientId,
                           String userId) {
    }

    /** A certificate, an API key with one client, and a user, named for this test. */
    private static Fixture fixture() {
        String tag = tag();
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Layout " + tag);
        String certificateId = service.importP12(TestPki.p12("pw", identity), "pw").get("id").asText();
        var key = service.createApiKey("layout " + tag);
        String clientId = service.registerClient(key.get("key").asText(), "layout-" + tag).get("clientId").asText();
        String user = "layout-" + tag;
        service.userToken(user, false);
        String userId = null;
        for (var u : TestService.expect(service.http.get("/api/v1/admin/users", service.adminToken()), 200).json()) {
            if (u.get("username").asText().equals(user)) {
                userId = u.get("id").asText();
            }
        }
        return new Fixture(certificateId, "Layout " + tag, identity.sha1(), key.get("id").asText(), clientId, userId);
    }

    private static double centre(Rectangle r) {
        return r.getY() + r.getHeight() / 2.0;
    }
}

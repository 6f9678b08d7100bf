package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.TestPki;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Search, sorting and paging of the lists (certificates, API keys, clients, users) in a real
 * browser: each test makes the rows it needs under names of its own, so each runs alone.
 */
class ListQueryTest extends AdminPagesJourney {
    @Test
    void searchFindsCertificatesByNameOrSha1AndSaysWhenNothingMatches() {
        String tag = tag();
        TestPki.TestIdentity alpha = TestPki.rsa(2048, "Alpha " + tag);
        service.importP12(TestPki.p12("pw", alpha), "pw");
        service.importP12(TestPki.p12("pw", TestPki.rsa(2048, "Beta " + tag)), "pw");

        browser.go("/certificates");
        browser.type(By.id("q"), "alpha " + tag);
        browser.submit(By.cssSelector("form.search button[type=submit]"));
        assertThat(names("table.certificates tbody td:first-child")).containsExactly("Alpha " + tag);
        assertThat(browser.find(By.id("q")).getAttribute("value")).isEqualTo("alpha " + tag);
        browser.screenshots("list-search");

        browser.go("/certificates?q=" + alpha.sha1().substring(4, 20).toLowerCase());
        assertThat(names("table.certificates tbody td:first-child")).containsExactly("Alpha " + tag);

        browser.go("/certificates?q=nothing-" + tag);
        assertThat(browser.text(By.id("no-match"))).startsWith("No certificates match “nothing-" + tag + "”.");
        browser.screenshots("list-no-match");
        browser.click(By.cssSelector("#no-match a"));
        browser.awaitPath("/certificates");
        assertThat(names("table.certificates tbody td:first-child")).contains("Alpha " + tag, "Beta " + tag);
    }

    @Test
    void aColumnHeadingSortsAndASecondClickReversesKeepingTheSearch() {
        String tag = tag();
        for (String name : List.of("b", "c", "a")) {
            service.createApiKey(name + "-" + tag);
            service.clock.advance(Duration.ofSeconds(1));
        }
        browser.go("/api-keys?q=" + tag);
        assertThat(names("td.name")).containsExactly("a-" + tag, "b-" + tag, "c-" + tag);

        browser.click(By.linkText("Name ▲"));
        await("sort=-name");
        assertThat(names("td.name")).containsExactly("c-" + tag, "b-" + tag, "a-" + tag);
        assertThat(query()).contains("q=" + tag);
        assertThat(browser.find(By.cssSelector("th[aria-sort=descending]")).getText()).isEqualTo("Name ▼");

        browser.click(By.partialLinkText("Created"));
        await("sort=created");
        assertThat(names("td.name")).containsExactly("b-" + tag, "c-" + tag, "a-" + tag);
    }

    @Test
    void aLongListIsPagedAndThePageLinksKeepSearchAndSort() {
        String tag = tag();
        for (int i = 1; i <= ListQuery.PAGE_SIZE + 3; i++) {
            service.createApiKey(String.format("%s key %02d", tag, i));
        }
        browser.go("/api-keys?q=" + tag + "&sort=-name");
        assertThat(names("td.name")).hasSize(ListQuery.PAGE_SIZE).first().isEqualTo(tag + " key 28");
        assertThat(browser.text(By.id("page-of"))).isEqualTo("Page 1 of 2 (API keys 1 to 25 of 28)");
        browser.screenshots("list-paged");

        browser.click(By.linkText("Next"));
        await("page=2");
        assertThat(query()).contains("q=" + tag, "sort=-name");
        assertThat(names("td.name")).containsExactly(tag + " key 03", tag + " key 02", tag + " key 01");
        assertThat(browser.driver().findElements(By.linkText("Next"))).isEmpty();

        browser.click(By.linkText("Previous"));
        await("sort=-name");
        assertThat(names("td.name")).first().isEqualTo(tag + " key 28");
    }

    @Test
    void aToggleOnASearchedSortedPageComesBackToThatPage() {
        String tag = tag();
        String key = service.createApiKey("toggled " + tag).get("key").asText();
        String clientId = service.registerClient(key, "host-" + tag).get("clientId").asText();

        browser.go("/clients?q=host-" + tag + "&sort=-hostname");
        WebElement row = browser.find(By.id("client-" + clientId));
        browser.submit(row.findElement(By.cssSelector("form.toggle button")));
        assertThat(browser.currentPath()).isEqualTo("/clients");
        assertThat(query()).isEqualTo("q=host-" + tag + "&sort=-hostname");
        assertThat(browser.text(By.cssSelector("#client-" + clientId + " .status"))).isEqualTo("Inactive");
    }

    @Test
    void usersAreSearchedToo() {
        String tag = tag();
        service.userToken("searched-" + tag, false);

        browser.go("/users?q=SEARCHED-" + tag);
        assertThat(names("#users tbody td:first-child a")).containsExactly("searched-" + tag);
    }

    @Test
    void anUnknownSortOrPageIsRefusedInWords() {
        browser.go("/certificates?sort=color");
        assertThat(browser.text(By.cssSelector(".error")))
                .isEqualTo("This list cannot be sorted by 'color'; click a column heading to sort by it.");
        browser.go("/api-keys?page=second");
        assertThat(browser.text(By.cssSelector(".error")))
                .isEqualTo("'second' is not a page of this list; pages are numbered from 1.");
        browser.go("/clients?page=0");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("That did not work");
    }

    @Test
    void aPagePastTheLastShowsTheLast() {
        String tag = tag();
        service.createApiKey("last " + tag);
        browser.go("/api-keys?q=" + tag + "&page=9");
        assertThat(names("td.name")).containsExactly("last " + tag);
    }

    private static List<String> names(String css) {
        browser.find(By.cssSelector("main"));
        return browser.driver().findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static String query() {
        return URI.create(browser.driver().getCurrentUrl()).getRawQuery();
    }

    private static void await(String part) {
        browser.await(d -> String.valueOf(query()).contains(part));
    }
}

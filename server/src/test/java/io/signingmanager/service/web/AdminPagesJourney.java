package io.signingmanager.service.web;

import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One service and one browser signed in as the admin for a class of page journeys whose tests each
 * make what they need under names of their own ({@link #tag}), so that any one of them runs alone.
 */
abstract class AdminPagesJourney {
    // With an App Store Connect double of its own, for the pages of automatic workflows.
    @RunningService(appStoreConnect = true)
    static TestService service;
    static Browser browser;

    @BeforeAll
    static void start() {
        service.adminToken();
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    /** A short random text to make this test's names its own. */
    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

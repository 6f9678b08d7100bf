package io.signingmanager.manager.ui.preferences;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.ui.certificates.MainWindow;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.settings.SettingsStore;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Preferences against a real Signing Service, starting from a machine with nothing configured:
 * it opens by itself, saving registers and lists, a self-signed certificate is pinned only after the
 * user compared its SHA-256, and each way saving can fail is said in the dialog.
 */
@ExtendWith(ApplicationExtension.class)
class PreferencesTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private ManagerHome home;

    @Start
    void start(Stage stage) throws Exception {
        home = UiService.home(folder);
        new MainWindow(stage, fixture.manager(home), home.logFile(), (owner, name) -> Optional.empty(), owner -> List.of()).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void opensByItselfWhenNothingIsConfigured(FxRobot robot) {
        waitForPreferences(robot);

        assertThat(Fx.text(robot, "#status")).contains("not set up yet", "Preferences");
        assertThat(get(() -> robot.lookup("#service-url").queryAs(TextField.class).isFocused())).isTrue();
        Fx.screenshot(Fx.window("Preferences"), "preferences");
    }

    @Test
    void savingWithTrustShowsTheServicesSha256ThenRegistersAndLists(FxRobot robot) throws Exception {
        fillIn(robot, fixture.url().toString(), fixture.newApiKey("preferences save").get("key").asText(), true);

        robot.clickOn("Save");
        waitUntil(() -> robot.lookup("#trust-dialog").tryQuery().isPresent());
        assertThat(get(() -> robot.lookup("#trust-sha256").queryAs(TextArea.class).getText()))
                .isEqualTo(String.join("\n", Fingerprints.lines(fixture.tlsSha256())));
        Fx.screenshot((Stage) robot.lookup("#trust-dialog").query().getScene().getWindow(), "trust-dialog");
        robot.clickOn("Trust");

        waitUntil(() -> robot.lookup("#preferences").tryQuery().isEmpty());
        Settings saved = new SettingsStore(home.settingsFile()).load();
        assertThat(saved.pinnedSha256()).isEqualTo(fixture.tlsSha256());
        JsonNode client = fixture.client(saved.clientId());
        assertThat(client.get("hostname").asText()).isEqualTo(UiService.HOSTNAME);
        assertThat(client.get("apiKeyName").asText()).isEqualTo("preferences save");
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        assertThat(Fx.text(robot, "#status")).contains("Connected to " + fixture.url());

        // Saving again with the key field left empty: the certificate is the pinned one, so nobody is asked
        // again, and the URL and key are the same, so the registration stands.
        robot.push(KeyCode.SHORTCUT, KeyCode.COMMA);
        waitForPreferences(robot);
        assertThat(get(() -> robot.lookup("#api-key").queryAs(TextField.class).getText())).isEmpty();
        robot.clickOn("Save");
        waitUntil(() -> robot.lookup("#trust-dialog").tryQuery().isPresent() || robot.lookup("#preferences").tryQuery().isEmpty());
        assertThat(robot.lookup("#trust-dialog").tryQuery()).as("the trust dialog for a pinned certificate").isEmpty();
        Settings again = new SettingsStore(home.settingsFile()).load();
        assertThat(again.clientId()).isEqualTo(saved.clientId());
        assertThat(fixture.clientsOfKey("preferences save")).hasSize(1);
    }

    @Test
    void refusingTheCertificateSavesNothing(FxRobot robot) {
        fillIn(robot, fixture.url().toString(), fixture.newApiKey("preferences refuse").get("key").asText(), true);

        robot.clickOn("Save");
        waitUntil(() -> robot.lookup("#trust-dialog").tryQuery().isPresent());
        robot.clickOn(robot.from(robot.lookup("#trust-dialog").queryAs(Node.class)).lookup("Cancel").queryButton());

        waitUntil(() -> error(robot).contains("not trusted"));
        assertThat(Files.exists(home.settingsFile())).isFalse();
        assertThat(robot.lookup("#preferences").tryQuery()).isPresent();
    }

    @Test
    void withoutTrustASelfSignedServiceIsRefusedAndItsSha256Shown(FxRobot robot) {
        fillIn(robot, fixture.url().toString(), fixture.newApiKey("preferences untrusted").get("key").asText(), false);

        robot.clickOn("Save");

        waitUntil(() -> !error(robot).isEmpty());
        assertThat(error(robot)).contains("is not trusted", fixture.tlsSha256(), "Trust Self Signed Certificates");
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void anUnknownApiKeyIsSaidSo(FxRobot robot) {
        saveExpectingError(robot, fixture.url().toString(), "smk_not-a-real-key", true);

        assertThat(error(robot)).contains("does not know this API key", "show value");
    }

    @Test
    void anInactiveApiKeyIsSaidSo(FxRobot robot) {
        JsonNode key = fixture.newApiKey("preferences inactive");
        fixture.setActive("api-keys", key.get("id").asText(), false);

        saveExpectingError(robot, fixture.url().toString(), key.get("key").asText(), true);

        assertThat(error(robot)).contains("inactive", "Ask an admin to make the API key active");
    }

    @Test
    void anUnreachableServiceIsSaidSo(FxRobot robot) {
        // Nothing answers there, so there is no certificate to ask about.
        saveExpectingError(robot, "https://127.0.0.1:9", "any-key", false);

        assertThat(error(robot)).contains("cannot be reached", "Check the URL");
    }

    @Test
    void whileTheServiceKeepsItWaitingTheWindowShowsProgressAndStaysResponsive(FxRobot robot) throws Exception {
        // Connections to this socket are accepted by the system and then never answered.
        try (ServerSocket silent = new ServerSocket(0)) {
            fillIn(robot, "https://127.0.0.1:" + silent.getLocalPort(), "any-key", false);
            robot.clickOn("Save");

            waitUntil(() -> robot.lookup("#preferences-progress").query().isVisible());
            assertThat(get(() -> robot.lookup("#status-bar").queryAs(StatusBar.class).getProgress())).isEqualTo(-1.0);
            assertThat(get(() -> robot.lookup("Save").query().isDisabled())).isTrue();
            // The service never answers (the client gives up after 30 s): a frozen FX thread could not answer now.
            long started = System.nanoTime();
            get(() -> true);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        waitUntil(() -> !error(robot).isEmpty());
        assertThat(get(() -> robot.lookup("#preferences-progress").query().isVisible())).isFalse();
    }

    private static void waitForPreferences(FxRobot robot) {
        waitUntil(() -> robot.lookup("#preferences").tryQuery().map(Node::isVisible).orElse(false));
    }

    private static void fillIn(FxRobot robot, String url, String apiKey, boolean trust) {
        waitForPreferences(robot);
        robot.clickOn("#service-url").write(url);
        robot.clickOn("#api-key").write(apiKey);
        if (trust) {
            robot.clickOn("#trust-self-signed");
        }
    }

    /** Saves with Trust Self Signed ticked; {@code asksToTrust}: the service shows a certificate to trust. */
    private static void saveExpectingError(FxRobot robot, String url, String apiKey, boolean asksToTrust) {
        fillIn(robot, url, apiKey, true);
        robot.clickOn("Save");
        waitUntil(() -> robot.lookup("#trust-dialog").tryQuery().isPresent() || !error(robot).isEmpty());
        assertThat(robot.lookup("#trust-dialog").tryQuery().isPresent()).as("the trust dialog").isEqualTo(asksToTrust);
        if (asksToTrust) {
            robot.clickOn("Trust");
        }
        waitUntil(() -> !error(robot).isEmpty());
        assertThat(robot.lookup("#preferences").tryQuery()).isPresent();
    }

    private static String error(FxRobot robot) {
        return Fx.text(robot, "#preferences-error");
    }
}

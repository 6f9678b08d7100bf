package io.signingmanager.manager.ui.certificates;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.TestPki;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
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
 * The certificates window against a real Signing Service: the list and status line, every menu item,
 * right-click item and shortcut, Refresh, and the errors a refresh can meet.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private ManagerHome home;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = UiService.home(folder);
        Manager manager = fixture.registeredManager(home, "window " + folder.getFileName());
        new MainWindow(stage, manager, home.logFile(), (owner, name) -> Optional.empty(), owner -> List.of()).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void listsTheCertificatesAndSaysWhoWeAre(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        assertThat(get(() -> Fx.table(robot).getItems().stream().map(Identity::sha1).toList()))
                .containsExactly(fixture.ec.sha1(), fixture.rsa.sha1());
        assertThat(cellTexts(robot)).contains("Another Identity", "Team Code Signing", fixture.rsa.sha1(),
                "RSA 2048", "EC 256");
        assertThat(Fx.text(robot, "#status")).contains("Connected to " + fixture.url(), "as " + UiService.HOSTNAME,
                "API key “window " + folder.getFileName() + "”");
        assertThat(Fx.text(robot, "#status-note")).isEqualTo("2 certificates");
        assertThat(get(() -> Fx.table(robot).getSelectionModel().getSelectedItem().sha1()))
                .as("the first row is selected, so the Certificate menu works at once").isEqualTo(fixture.ec.sha1());
        Fx.screenshot(stage, "main");
    }

    @Test
    void theSearchFieldNarrowsTheListByNameOrSha1AndItsClearButtonEmptiesIt(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        robot.push(KeyCode.SHORTCUT, KeyCode.F);
        robot.write("team");
        waitUntil(() -> commonNames(robot).equals(List.of("Team Code Signing")));
        assertThat(get(() -> Fx.table(robot).getSelectionModel().getSelectedItem().commonName()))
                .isEqualTo("Team Code Signing");
        Fx.screenshot(stage, "main-search");

        robot.clickOn("#certificate-search .clear-button");
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        robot.clickOn("#certificate-search").write(fixture.ec.sha1().substring(0, 10));
        waitUntil(() -> commonNames(robot).equals(List.of("Another Identity")));
    }

    @Test
    void theToolbarSignsAndShowsTheSelectedCertificate(FxRobot robot) {
        selectRsa(robot);

        robot.clickOn("#show-certificate");
        close(Fx.window("Team Code Signing – Certificate"));
        robot.clickOn("#sign-files");
        close(Fx.window("Team Code Signing – Sign Files"));
    }

    @Test
    void eachCopyMenuItemPutsItsTextOnTheClipboard(FxRobot robot) {
        selectRsa(robot);

        for (Map.Entry<String, String> copy : copies().entrySet()) {
            Fx.chooseFromMenu(robot, "Certificate", copy.getKey());
            assertThat(Fx.clipboard()).as(copy.getKey()).isEqualTo(copy.getValue());
        }
        assertThat(Fx.text(robot, "#status-note")).isEqualTo("Copied the git-setup command.");
    }

    @Test
    void eachCopyShortcutPutsItsTextOnTheClipboard(FxRobot robot) {
        selectRsa(robot);
        String sha1 = fixture.rsa.sha1();

        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.C);
        assertThat(Fx.clipboard()).isEqualTo("Team Code Signing");
        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.S);
        assertThat(Fx.clipboard()).isEqualTo(sha1);
        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.O);
        assertThat(Fx.clipboard()).isEqualTo("codesign -fs \"" + sha1 + "\" ");
        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.P);
        assertThat(Fx.clipboard()).isEqualTo("productsign --sign \"" + sha1 + "\" source.pkg destination.pkg");
    }

    @Test
    void theRightClickMenuOfARowCopiesFromThatRow(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        String sha1 = fixture.ec.sha1();
        Map<String, String> expected = copies(sha1, "Another Identity", "Another%20Identity");

        for (Map.Entry<String, String> copy : expected.entrySet()) {
            Fx.chooseFromRowMenu(robot, "Another Identity", copy.getKey());
            assertThat(Fx.clipboard()).as(copy.getKey()).isEqualTo(copy.getValue());
        }
    }

    @Test
    void theRightClickMenuRefreshesAndOpensTheLogAndTheCertificate(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        Fx.chooseFromRowMenu(robot, "Another Identity", "Show Certificate");
        close(Fx.window("Another Identity – Certificate"));
        Fx.chooseFromRowMenu(robot, "Another Identity", "Show Log");
        close(Fx.window("Signing Manager Log"));
        Fx.chooseFromRowMenu(robot, "Another Identity", "Refresh");
        waitUntil(() -> Fx.table(robot).getItems().size() == 2 && Fx.text(robot, "#status").startsWith("Connected"));
    }

    @Test
    void copyingAndShowingNeedASelectedCertificate(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        assertThat(get(() -> menuItem("Show Certificate").isDisable())).as("the first row is selected").isFalse();

        robot.clickOn("#certificate-search").write("no such certificate");
        waitUntil(() -> Fx.table(robot).getItems().isEmpty());

        assertThat(get(() -> menuItem("Copy Common Name").isDisable())).isTrue();
        assertThat(get(() -> menuItem("Show Certificate").isDisable())).isTrue();
        assertThat(get(() -> menuItem("Sign Files…").isDisable())).isTrue();
        assertThat(get(() -> robot.lookup("#sign-files").query().isDisable())).isTrue();
        assertThat(get(() -> menuItem("Refresh").isDisable())).isFalse();
        robot.clickOn("#certificate-search .clear-button");
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        assertThat(get(() -> menuItem("Copy Common Name").isDisable())).isFalse();
        assertThat(get(() -> menuItem("Sign Files…").isDisable())).isFalse();
    }

    @Test
    void refreshFromTheToolbarTheMenuAndTheShortcutShowsTheServicesChanges(FxRobot robot) {
        selectRsa(robot);
        TestPki.TestIdentity fresh = TestPki.rsa(2048, "Fresh Identity");
        String id = fixture.service.importP12(fresh.p12(UiService.P12_PASSWORD), UiService.P12_PASSWORD).get("id").asText();
        try {
            robot.clickOn("#refresh");
            waitUntil(() -> commonNames(robot).contains("Fresh Identity"));

            fixture.setActive("certificates", id, false);
            robot.push(KeyCode.SHORTCUT, KeyCode.R);
            waitUntil(() -> commonNames(robot).equals(List.of("Another Identity", "Team Code Signing")));

            fixture.setActive("certificates", id, true);
            Fx.chooseFromMenu(robot, "Certificate", "Refresh");
            waitUntil(() -> commonNames(robot).contains("Fresh Identity"));
            assertThat(Fx.text(robot, "#status-note")).isEqualTo("3 certificates");
            assertThat(get(() -> Fx.table(robot).getSelectionModel().getSelectedItem().sha1()))
                    .as("the selection survives a refresh").isEqualTo(fixture.rsa.sha1());
        } finally {
            fixture.setActive("certificates", id, false);
        }
    }

    @Test
    void showCertificateOpensFromADoubleClickTheShortcutAndTheMenu(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        robot.doubleClickOn("Another Identity");
        close(Fx.window("Another Identity – Certificate"));
        selectRsa(robot);
        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.E);
        Stage certificate = Fx.window("Team Code Signing – Certificate");
        close(certificate);
        Fx.chooseFromMenu(robot, "Certificate", "Show Certificate");
        assertThat(Fx.window("Team Code Signing – Certificate")).isNotSameAs(certificate);
    }

    @Test
    void theLogAndCertificatesWindowShortcutsMoveBetweenWindows(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        robot.push(KeyCode.SHORTCUT, KeyCode.L);
        Stage log = Fx.window("Signing Manager Log");
        waitUntil(log::isFocused);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT1);
        waitUntil(stage::isFocused);
        Fx.chooseFromMenu(robot, "Window", "Show Log");
        waitUntil(log::isFocused);
        Fx.run(() -> log.setY(stage.getY() + stage.getHeight() / 2));
        Fx.chooseFromMenu(robot, "Window", "Certificates Window");
        waitUntil(stage::isFocused);
        robot.push(KeyCode.SHORTCUT, KeyCode.L);
        waitUntil(log::isFocused);
        robot.clickOn("#log-text");
        robot.push(KeyCode.SHORTCUT, KeyCode.W);
        waitUntil(() -> !log.isShowing());
    }

    @Test
    void thePreferencesShortcutAndMenuItemOpenTheSavedSettings(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);

        robot.push(KeyCode.SHORTCUT, KeyCode.COMMA);
        waitUntil(() -> robot.lookup("#preferences").tryQuery().isPresent());

        assertThat(get(() -> robot.lookup("#service-url").queryAs(TextField.class).getText()))
                .isEqualTo(fixture.url().toString());
        assertThat(get(() -> robot.lookup("#trust-self-signed").queryAs(CheckBox.class).isSelected())).isTrue();
        robot.clickOn("Cancel");
        waitUntil(() -> robot.lookup("#preferences").tryQuery().isEmpty());
        Fx.run(stage::requestFocus);
        Fx.chooseFromMenu(robot, "Signing Manager", "Preferences…");
        waitUntil(() -> robot.lookup("#preferences").tryQuery().isPresent());
    }

    @Test
    void anInactiveClientIsToldSoWhenItRefreshes(FxRobot robot) throws Exception {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        fixture.setActive("clients", new SettingsStore(home.settingsFile()).load().clientId(), false);

        robot.clickOn("#refresh");

        waitUntil(() -> Fx.text(robot, "#status").contains("inactive"));
        assertThat(Fx.text(robot, "#status")).contains("Ask an admin to make this client active on the Clients page.");
        assertThat(get(() -> Fx.table(robot).getItems().isEmpty())).isTrue();
        waitUntil(() -> robot.lookup("#problem-alert").tryQuery().isPresent());
        assertThat(Fx.text(robot, "#problem-alert .header-panel .label")).contains("inactive");
    }

    @Test
    void anInactiveApiKeyIsToldSoWhenItRefreshes(FxRobot robot) throws Exception {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        String keyId = fixture.client(new SettingsStore(home.settingsFile()).load().clientId()).get("apiKeyId").asText();
        try {
            fixture.setActive("api-keys", keyId, false);
            robot.push(KeyCode.SHORTCUT, KeyCode.R);
            waitUntil(() -> Fx.text(robot, "#status").contains("Ask an admin to make the API key active"));
        } finally {
            fixture.setActive("api-keys", keyId, true);
        }
    }

    private static Map<String, String> copies() {
        return copies(fixture.rsa.sha1(), "Team Code Signing", "Team%20Code%20Signing");
    }

    /** Every copy item and its text, written out here rather than made with SigningCommands. */
    private static Map<String, String> copies(String sha1, String commonName, String encodedName) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < sha1.length(); i += 2) {
            id.append('%').append(sha1, i, i + 2);
        }
        String key = "pkcs11:token=Signing%20Manager;id=" + id + ";object=" + encodedName + ";type=private";
        String cert = "pkcs11:token=Signing%20Manager;id=" + id + ";object=" + encodedName + ";type=cert";
        String module = CopyAction.modulePath();
        Map<String, String> copies = new LinkedHashMap<>();
        copies.put("Copy Common Name", commonName);
        copies.put("Copy SHA-1 Hash", sha1);
        copies.put("Copy 'codesign' command", "codesign -fs \"" + sha1 + "\" ");
        copies.put("Copy 'productsign' command", "productsign --sign \"" + sha1 + "\" source.pkg destination.pkg");
        copies.put("Copy PKCS#11 URI", key);
        copies.put("Copy 'jarsigner' command", "printf 'name=SigningManager\\nlibrary=%s\\nslotListIndex=0\\n' "
                + module + " > signing-manager-pkcs11.cfg && jarsigner -keystore NONE -storetype PKCS11"
                + " -providerClass sun.security.pkcs11.SunPKCS11 -providerArg signing-manager-pkcs11.cfg"
                + " -storepass none app.jar \"" + commonName + "\"");
        copies.put("Copy 'osslsigncode' command", "osslsigncode sign -pkcs11module " + module + " -pkcs11cert '"
                + cert + "' -key '" + key + "' -in app.exe -out app-signed.exe");
        copies.put("Copy 'openssl' command", "PKCS11_MODULE_PATH=" + module
                + " openssl dgst -sha256 -engine pkcs11 -keyform engine -sign '" + key + "' -out file.sig file");
        copies.put("Copy 'git-setup' command", "signing-manager git-setup --cert " + sha1 + " --global");
        return copies;
    }

    /** Closes the window and, as a window manager would, gives the focus back to the certificates window. */
    private void close(Stage window) {
        Fx.run(() -> {
            window.hide();
            stage.requestFocus();
        });
    }

    private void selectRsa(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        robot.clickOn("Team Code Signing");
        waitUntil(() -> Fx.table(robot).getSelectionModel().getSelectedItem() != null);
    }

    private MenuItem menuItem(String title) {
        return stage.getScene().getRoot().lookupAll(".menu-bar").stream()
                .flatMap(bar -> ((MenuBar) bar).getMenus().stream())
                .flatMap(menu -> menu.getItems().stream()).filter(item -> title.equals(item.getText()))
                .findFirst().orElseThrow();
    }

    static List<String> commonNames(FxRobot robot) {
        return Fx.table(robot).getItems().stream().map(Identity::commonName).toList();
    }

    static List<String> cellTexts(FxRobot robot) {
        return get(() -> robot.lookup(".table-cell").queryAllAs(TableCell.class).stream().map(Labeled::getText)
                .filter(Objects::nonNull).toList());
    }
}

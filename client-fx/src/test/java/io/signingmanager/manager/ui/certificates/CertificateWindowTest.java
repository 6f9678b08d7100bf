package io.signingmanager.manager.ui.certificates;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
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

/** Show Certificate for an identity issued by a CA: its fields, the chain, and Export as PEM and DER. */
@ExtendWith(ApplicationExtension.class)
class CertificateWindowTest {
    private static final String TITLE = "Team Code Signing – Certificate";
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private Path exportTo;

    @Start
    void start(Stage stage) throws Exception {
        ManagerHome home = UiService.home(folder);
        new MainWindow(stage, fixture.registeredManager(home, "certificate window"), home.logFile(),
                (owner, suggestedName) -> Optional.of(exportTo), owner -> List.of()).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void showsTheSigningCertificatesFields(FxRobot robot) {
        X509Certificate leaf = fixture.rsa.leaf();

        Stage window = open(robot);
        List<String> texts = texts(window);
        Fx.screenshot(window, "certificate");

        assertThat(texts).contains("Team Code Signing", "Issued by: Test Code Signing CA",
                "Within its dates, and signed by the chain as given",
                "Common Name", "Organization", "Test", "Test Code Signing CA",
                leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), fixture.rsa.sha1(),
                Fingerprints.sha256(leaf), "RSA 2048 bits", "SHA256withRSA", "end entity", "digitalSignature",
                "codeSigning", "Not Valid Before", "Not Valid After");
        assertThat(texts).noneMatch(text -> text.contains("This certificate is valid"));
        assertThat(texts).anyMatch(text -> text.contains("not checked against any trust store"));
    }

    @Test
    void showsTheChainFromTheRootAndTheFieldsOfTheCertificateChosenInIt(FxRobot robot) {
        Stage window = open(robot);
        X509Certificate ca = fixture.rsa.chain().get(1);

        @SuppressWarnings("unchecked")
        TreeView<X509Certificate> chain = robot.from(window.getScene().getRoot()).lookup("#certificate-chain")
                .queryAs(TreeView.class);
        assertThat(get(() -> chain.getRoot().getValue())).isEqualTo(ca);
        assertThat(get(() -> chain.getRoot().getChildren().stream().map(TreeItem::getValue).toList()))
                .containsExactly(fixture.rsa.leaf());
        assertThat(get(() -> chain.getSelectionModel().getSelectedItem().getValue())).isEqualTo(fixture.rsa.leaf());

        robot.clickOn(robot.from(chain).lookup("Test Code Signing CA").queryLabeled());

        waitUntil(() -> texts(window).contains(Fingerprints.sha1(ca)));
        assertThat(texts(window)).contains("CA", "keyCertSign, cRLSign").doesNotContain(fixture.rsa.sha1());
    }

    @Test
    void exportWritesPemAndDerThatReadBackAsTheCertificate(FxRobot robot) throws Exception {
        Stage window = open(robot);
        byte[] der = fixture.rsa.leaf().getEncoded();

        exportTo = folder.resolve("Team Code Signing.pem");
        robot.clickOn("#export");
        String pem = Files.readString(exportTo, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Pem.decode(pem, "CERTIFICATE")).isEqualTo(der);
        assertThat(texts(window)).contains("Exported PEM to " + exportTo);

        exportTo = folder.resolve("Team Code Signing.cer");
        robot.clickOn("#export");
        assertThat(Files.readAllBytes(exportTo)).isEqualTo(der);
        assertThat(Certificates.parse(Files.readAllBytes(exportTo))).isEqualTo(fixture.rsa.leaf());
    }

    @Test
    void closesWithEscape(FxRobot robot) {
        Stage window = open(robot);

        robot.push(KeyCode.ESCAPE);

        waitUntil(() -> !window.isShowing());
    }

    private static Stage open(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        robot.clickOn("Team Code Signing");
        robot.push(KeyCode.SHORTCUT, KeyCode.ALT, KeyCode.E);
        Stage window = Fx.window(TITLE);
        waitUntil(window::isFocused);
        return window;
    }

    /** Every label and field text in the window. */
    private static List<String> texts(Stage window) {
        return get(() -> all(window.getScene().getRoot()).map(node -> node instanceof Labeled labeled ? labeled.getText()
                : node instanceof TextField field ? field.getText() : null).filter(text -> text != null).toList());
    }

    private static Stream<Node> all(Node node) {
        return node instanceof Parent parent
                ? Stream.concat(Stream.of(node), parent.getChildrenUnmodifiable().stream().flatMap(CertificateWindowTest::all))
                : Stream.of(node);
    }
}

package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.ui.ManagerActions;
import io.signingmanager.manager.ui.ManagerMenus;
import io.signingmanager.manager.ui.ProblemAlert;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Show Certificate: the chain from the root down to the signing certificate, the fields of the one
 * selected, and Export of it as PEM or DER.
 */
final class CertificateWindow {
    private final Stage stage = new Stage();
    private final ExportLocation exportLocation;
    private final TreeView<X509Certificate> chainView = new TreeView<>();
    private final ScrollPane details = new ScrollPane();
    private final Label exported = new Label();

    CertificateWindow(Identity identity, ManagerActions actions, ExportLocation exportLocation) {
        this.exportLocation = exportLocation;
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(Certificates.fromBase64(identity.certificate()));
        identity.chain().forEach(der -> chain.add(Certificates.fromBase64(der)));

        chainView.setId("certificate-chain");
        chainView.setRoot(chainItems(chain));
        chainView.setFixedCellSize(24);
        chainView.setPrefHeight(chain.size() * 24 + 6);
        chainView.setCellFactory(view -> new TreeCell<>() {
            @Override
            protected void updateItem(X509Certificate certificate, boolean empty) {
                super.updateItem(certificate, empty);
                setText(empty || certificate == null ? null : Certificates.commonName(certificate));
            }
        });
        chainView.getSelectionModel().selectedItemProperty().addListener((seen, old, selected) -> {
            if (selected != null) {
                details.setContent(CertificateDetails.of(chain.subList(chain.indexOf(selected.getValue()), chain.size())));
                details.setVvalue(0);
            }
        });
        details.setId("certificate-details");
        details.setFitToWidth(true);

        Button export = new Button("Export…");
        export.setId("export");
        export.setOnAction(event -> export());
        Button close = new Button("Close");
        close.setDefaultButton(true);
        close.setCancelButton(true);
        close.setOnAction(event -> stage.hide());
        ButtonBar.setButtonData(export, ButtonBar.ButtonData.LEFT);
        ButtonBar.setButtonData(close, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar buttons = new ButtonBar();
        buttons.getButtons().setAll(export, close);
        exported.setId("export-result");
        exported.getStyleClass().add("hint");
        exported.managedProperty().bind(exported.textProperty().isNotEmpty());
        VBox bottom = new VBox(6, exported, buttons);
        bottom.setPadding(new Insets(10, 12, 12, 12));

        VBox top = new VBox(chainView);
        top.setPadding(new Insets(10, 12, 0, 12));
        BorderPane page = new BorderPane(details, top, null, bottom, null);
        BorderPane.setMargin(details, new Insets(10, 0, 0, 0));
        stage.setScene(ManagerMenus.secondaryScene(page, 720, 700, actions));
        stage.setTitle(identity.commonName() + " – Certificate");
        stage.setMinWidth(520);
        stage.setMinHeight(360);
        chainView.getSelectionModel().select(leaf(chainView.getRoot()));
    }

    Stage stage() {
        return stage;
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    /** The root certificate at the top, each issued certificate below its issuer, the identity's own last. */
    private static TreeItem<X509Certificate> chainItems(List<X509Certificate> chain) {
        TreeItem<X509Certificate> below = null;
        for (X509Certificate certificate : chain) {
            TreeItem<X509Certificate> item = new TreeItem<>(certificate);
            item.setExpanded(true);
            if (below != null) {
                item.getChildren().add(below);
            }
            below = item;
        }
        return below;
    }

    private static TreeItem<X509Certificate> leaf(TreeItem<X509Certificate> root) {
        TreeItem<X509Certificate> item = root;
        while (!item.getChildren().isEmpty()) {
            item = item.getChildren().get(0);
        }
        return item;
    }

    private void export() {
        X509Certificate certificate = chainView.getSelectionModel().getSelectedItem().getValue();
        String name = Certificates.commonName(certificate).replaceAll("[^A-Za-z0-9 ._-]", "_");
        exportLocation.choose(stage, name).ifPresent(file -> write(file, certificate));
    }

    private void write(Path file, X509Certificate certificate) {
        try {
            CertificateExport.write(file, certificate);
            exported.setText("Exported " + (CertificateExport.isDer(file) ? "DER" : "PEM") + " to " + file);
        } catch (IOException e) {
            ProblemAlert.show(stage, "Export", new Problem(Problem.Kind.LOCAL, "Cannot write " + file + ": "
                    + e.getMessage(), "Choose another folder or file name.", e));
        }
    }
}

package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.protocol.Identity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/** The certificates this machine may sign with: common name, SHA-1 fingerprint, expiry, key type. */
final class IdentityTable {
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withZone(ZoneId.systemDefault());

    private final TableView<Identity> table = new TableView<>();
    private final Label placeholder = new Label();
    private final ObjectProperty<ContextMenu> rowMenu = new SimpleObjectProperty<>();

    /** The model's certificates and selection; {@code open} shows a certificate that was double-clicked. */
    IdentityTable(CertificatesViewModel model, Consumer<Identity> open) {
        table.setId("certificates");
        table.getColumns().setAll(List.of(
                column("Common Name", Identity::commonName),
                fixed(fingerprintColumn(), fingerprintWidth()),
                fixed(expiryColumn(), 120),
                fixed(column("Key Type", identity -> identity.keyType() + " " + identity.keySize()), 90)));
        // The other columns hold fixed-length values, so the common name gets all the room there is.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(model.placeholder());
        table.setPlaceholder(placeholder);
        table.setItems(model.shown());
        table.setRowFactory(view -> {
            TableRow<Identity> row = new TableRow<>();
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null).otherwise(rowMenu));
            row.setOnMouseClicked(click -> {
                if (click.getButton() == MouseButton.PRIMARY && click.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem());
                }
            });
            return row;
        });
        // The table's selection and the model's follow each other; setting the same again changes nothing.
        table.getSelectionModel().selectedItemProperty().addListener((seen, old, now) -> {
            if (now != null) {
                model.select(now);
            }
        });
        model.selectedProperty().addListener((seen, old, now) -> select(now));
        // A changed list may move or clear the table's selection by itself; the model's stands.
        model.shown().addListener((ListChangeListener<Identity>) change -> select(model.selected().orElse(null)));
        select(model.selected().orElse(null));
    }

    private void select(Identity identity) {
        if (identity == null) {
            table.getSelectionModel().clearSelection();
        } else if (table.getSelectionModel().getSelectedItem() != identity) {
            table.getSelectionModel().select(identity);
        }
    }

    /** The menu a right-click on a certificate opens. */
    void setRowMenu(ContextMenu menu) {
        rowMenu.set(menu);
    }

    TableView<Identity> node() {
        return table;
    }

    private static <T> TableColumn<Identity, T> fixed(TableColumn<Identity, T> column, double width) {
        column.setMinWidth(width);
        column.setPrefWidth(width);
        column.setMaxWidth(width);
        return column;
    }

    private static TableColumn<Identity, String> column(String title, Function<Identity, String> value) {
        TableColumn<Identity, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<Identity, String> fingerprintColumn() {
        TableColumn<Identity, String> column = column("SHA-1 Fingerprint", Identity::sha1);
        column.getStyleClass().add("fingerprint");
        return column;
    }

    /** Forty hex digits in the monospace font the fingerprint cells use, plus the cell's padding. */
    private static double fingerprintWidth() {
        Text sample = new Text("0".repeat(40));
        sample.setFont(Font.font("Monospaced", Font.getDefault().getSize()));
        return Math.ceil(sample.getLayoutBounds().getWidth()) + 20;
    }

    private static TableColumn<Identity, Instant> expiryColumn() {
        TableColumn<Identity, Instant> column = new TableColumn<>("Expires");
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().notAfter()));
        column.setCellFactory(view -> new TableCell<>() {
            @Override
            protected void updateItem(Instant expiry, boolean empty) {
                super.updateItem(expiry, empty);
                boolean expired = !empty && expiry != null && expiry.isBefore(Instant.now());
                setText(empty || expiry == null ? null : EXPIRY.format(expiry));
                setTooltip(expired ? new Tooltip("This certificate has expired.") : null);
                getStyleClass().remove("expired");
                if (expired) {
                    getStyleClass().add("expired");
                }
            }
        });
        return column;
    }
}

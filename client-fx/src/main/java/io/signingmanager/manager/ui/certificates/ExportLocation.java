package io.signingmanager.manager.ui.certificates;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Where Show Certificate's Export writes: the user's choice in a save dialog, or a path a test gives. */
@FunctionalInterface
public interface ExportLocation {

    /** The file to write, or empty when the user cancelled. The suggested name has no extension. */
    Optional<Path> choose(Window owner, String suggestedName);

    /** A save dialog offering PEM and DER; a name without an extension gets the chosen format's. */
    static ExportLocation fileChooser() {
        return (owner, suggestedName) -> {
            FileChooser.ExtensionFilter pem = new FileChooser.ExtensionFilter("PEM certificate (*.pem)", "*.pem");
            FileChooser.ExtensionFilter der = new FileChooser.ExtensionFilter("DER certificate (*.cer, *.der)",
                    "*.cer", "*.der");
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Export Certificate");
            chooser.getExtensionFilters().setAll(List.of(pem, der));
            chooser.setInitialFileName(suggestedName + ".pem");
            File file = chooser.showSaveDialog(owner);
            if (file == null) {
                return Optional.empty();
            }
            boolean hasExtension = file.getName().contains(".");
            String extension = chooser.getSelectedExtensionFilter() == der ? ".cer" : ".pem";
            return Optional.of(hasExtension ? file.toPath() : Path.of(file.getPath() + extension));
        };
    }
}

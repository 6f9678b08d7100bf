package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.manager.filesign.FileFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The files Sign Files' "Choose Files…" picks: the user's choice in an open dialog, or paths a test gives. */
@FunctionalInterface
public interface FilesToSign {

    /** The chosen files, empty when the user cancelled. */
    List<Path> choose(Window owner);

    /** An open dialog for several files, offering the formats the Signing Manager signs. */
    static FilesToSign fileChooser() {
        return owner -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Sign Files");
            chooser.getExtensionFilters().setAll(signable(), new FileChooser.ExtensionFilter("All files", "*"));
            List<File> files = chooser.showOpenMultipleDialog(owner);
            return files == null ? List.of() : files.stream().map(File::toPath).toList();
        };
    }

    /** Every extension of {@link FileFormat}, the one list of what the Signing Manager signs. */
    static FileChooser.ExtensionFilter signable() {
        return new FileChooser.ExtensionFilter("Files to sign",
                FileFormat.allExtensions().stream().map(extension -> "*." + extension).toList());
    }
}

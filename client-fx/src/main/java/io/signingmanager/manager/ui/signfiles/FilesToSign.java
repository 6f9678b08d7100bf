package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.manager.filesign.FileFormat;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * What Sign Files' "Choose Files…" and "Add Bundle…" pick: the user's choice in an open dialog (a
 * folder chooser for a macOS bundle, which is a folder), or paths a test gives.
 */
@FunctionalInterface
public interface FilesToSign {

    /** The chosen files, empty when the user cancelled. */
    List<Path> choose(Window owner);

    /** The chosen bundle (a folder like Hello.app), empty when the user cancelled; none where only files are offered. */
    default List<Path> chooseBundle(Window owner) {
        return List.of();
    }

    /** An open dialog for several files, and a folder chooser for a bundle, offering the formats the Signing Manager signs. */
    static FilesToSign fileChooser() {
        return new FilesToSign() {
            @Override
            public List<Path> choose(Window owner) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Sign Files");
                chooser.getExtensionFilters().setAll(signable(), new FileChooser.ExtensionFilter("All files", "*"));
                List<File> files = chooser.showOpenMultipleDialog(owner);
                return files == null ? List.of() : files.stream().map(File::toPath).toList();
            }

            @Override
            public List<Path> chooseBundle(Window owner) {
                DirectoryChooser chooser = new DirectoryChooser();
                chooser.setTitle("Sign a macOS Bundle (.app, .framework, .xpc …)");
                File bundle = chooser.showDialog(owner);
                return bundle == null ? List.of() : List.of(bundle.toPath());
            }
        };
    }

    /** Files and bundles: what a test gives as the user's choices. */
    static FilesToSign of(FilesToSign files, FilesToSign bundles) {
        return new FilesToSign() {
            @Override
            public List<Path> choose(Window owner) {
                return files.choose(owner);
            }

            @Override
            public List<Path> chooseBundle(Window owner) {
                return bundles.choose(owner);
            }
        };
    }

    /**
     * Every extension of {@link FileFormat}, the one list of what the Signing Manager signs (bundles'
     * too: macOS's open dialog may offer Hello.app as a file).
     */
    static FileChooser.ExtensionFilter signable() {
        return new FileChooser.ExtensionFilter("Files to sign",
                FileFormat.allExtensions().stream().map(extension -> "*." + extension).toList());
    }
}

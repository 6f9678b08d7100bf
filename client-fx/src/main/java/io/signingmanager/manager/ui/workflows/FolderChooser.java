package io.signingmanager.manager.ui.workflows;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Where Fetch Signing Files… writes the profiles: the user's choice in a folder dialog, or a folder a test gives. */
@FunctionalInterface
public interface FolderChooser {

    /** The chosen folder, or empty when the user cancelled; {@code suggested} is where the dialog opens. */
    Optional<Path> choose(Window owner, Path suggested);

    /** A folder dialog opening at the suggested folder when it exists (on macOS, the Provisioning Profiles folder). */
    static FolderChooser directoryChooser() {
        return (owner, suggested) -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Fetch Signing Files: choose where the provisioning profiles go");
            if (Files.isDirectory(suggested)) {
                chooser.setInitialDirectory(suggested.toFile());
            }
            File folder = chooser.showDialog(owner);
            return Optional.ofNullable(folder).map(File::toPath);
        };
    }
}

package io.signingmanager.manager.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.input.TransferMode;

/** Files dragged onto a window from a file manager, handed over as paths. */
public final class FileDrop {
    private FileDrop() {
    }

    /** Takes files dropped on {@code target} while {@code accepting} holds, and gives them to {@code dropped}. */
    public static void install(Node target, BooleanSupplier accepting, Consumer<List<Path>> dropped) {
        target.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && accepting.getAsBoolean()) {
                event.acceptTransferModes(TransferMode.COPY);
            }
            event.consume();
        });
        target.setOnDragDropped(event -> {
            boolean taken = event.getDragboard().hasFiles() && accepting.getAsBoolean();
            if (taken) {
                dropped.accept(event.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            event.setDropCompleted(taken);
            event.consume();
        });
    }
}

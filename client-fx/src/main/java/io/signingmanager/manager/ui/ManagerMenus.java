package io.signingmanager.manager.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The menu bar, the right-click menu and the other windows' shortcuts, all made from {@link ManagerActions}. */
final class ManagerMenus {
    static final KeyCombination CLOSE_WINDOW = new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN);

    private ManagerMenus() {
    }

    static MenuBar menuBar(ManagerActions actions) {
        MenuBar bar = new MenuBar(
                menu("Signing Manager", List.of(actions.preferences()), List.of(actions.quit())),
                menu("Certificate", List.of(actions.refresh()), actions.copies(),
                        List.of(actions.showCertificate(), actions.signFiles())),
                menu("Window", List.of(actions.certificatesWindow(), actions.showLog())));
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** The menu of a certificate's row. Its items show no accelerators: the menu bar owns them. */
    static ContextMenu rowMenu(ManagerActions actions) {
        ContextMenu menu = new ContextMenu();
        menu.getItems().setAll(items(false, List.of(actions.refresh(), actions.showLog()), actions.copies(),
                List.of(actions.showCertificate(), actions.signFiles())));
        return menu;
    }

    /**
     * A secondary window's scene: the Manager's style, and shortcuts to reach the certificates window
     * and the log, and to close with Shortcut+W or Escape.
     */
    static Scene secondaryScene(Parent root, double width, double height, ManagerActions actions) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(ManagerStyle.URL);
        Stream.of(actions.certificatesWindow(), actions.showLog())
                .forEach(action -> scene.getAccelerators().put(action.accelerator(), action.perform()));
        scene.getAccelerators().put(CLOSE_WINDOW, () -> scene.getWindow().hide());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> scene.getWindow().hide());
        return scene;
    }

    @SafeVarargs
    private static Menu menu(String title, List<ManagerAction>... groups) {
        Menu menu = new Menu(title);
        menu.getItems().setAll(items(true, groups));
        return menu;
    }

    @SafeVarargs
    private static List<MenuItem> items(boolean withAccelerators, List<ManagerAction>... groups) {
        List<MenuItem> items = new ArrayList<>();
        for (List<ManagerAction> group : groups) {
            if (!items.isEmpty()) {
                items.add(new SeparatorMenuItem());
            }
            group.forEach(action -> items.add(item(action, withAccelerators)));
        }
        return items;
    }

    private static MenuItem item(ManagerAction action, boolean withAccelerator) {
        MenuItem item = new MenuItem(action.title());
        if (withAccelerator) {
            item.setAccelerator(action.accelerator());
        }
        item.disableProperty().bind(action.disabled());
        item.setOnAction(event -> action.perform().run());
        return item;
    }
}

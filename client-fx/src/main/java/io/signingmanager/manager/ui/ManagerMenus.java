package io.signingmanager.manager.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;

/** The menu bar, the right-click menu, toolbar buttons and the other windows' shortcuts, all made from {@link ManagerActions}. */
public final class ManagerMenus {

    private ManagerMenus() {
    }

    public static MenuBar menuBar(ManagerActions actions) {
        MenuBar bar = new MenuBar(
                menu("Signing Manager", List.of(actions.preferences()), List.of(actions.quit())),
                menu("Certificate", List.of(actions.refresh()), actions.copies(),
                        List.of(actions.showCertificate(), actions.signFiles())),
                menu("Window", List.of(actions.certificatesWindow(), actions.workflowsWindow(), actions.showLog())));
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** The menu of a certificate's row. Its items show no accelerators: the menu bar owns them. */
    public static ContextMenu rowMenu(ManagerActions actions) {
        ContextMenu menu = new ContextMenu();
        menu.getItems().setAll(items(false, List.of(actions.refresh(), actions.showLog()), actions.copies(),
                List.of(actions.showCertificate(), actions.signFiles())));
        return menu;
    }

    /**
     * A secondary window's scene: the Manager's style, and shortcuts to reach the certificates window,
     * the workflows and the log, and to close with Shortcut+W or Escape.
     */
    public static Scene secondaryScene(Parent root, double width, double height, ManagerActions actions) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(ManagerStyle.URL);
        Stream.of(actions.certificatesWindow(), actions.workflowsWindow(), actions.showLog())
                .forEach(action -> scene.getAccelerators().put(action.accelerator(), action.perform()));
        scene.getAccelerators().put(Shortcut.CLOSE_WINDOW.combination(), () -> scene.getWindow().hide());
        scene.getAccelerators().put(Shortcut.CLOSE_SECONDARY.combination(), () -> scene.getWindow().hide());
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

    /** A toolbar button for the action: its icon and title, its shortcut in the tooltip. */
    public static Button button(ManagerAction action, String id) {
        Button button = new Button(action.title(), action.icon() == null ? null : action.icon().node());
        button.setId(id);
        button.setTooltip(new Tooltip(action.title() + (action.accelerator() == null ? ""
                : " (" + action.accelerator().getDisplayText() + ")")));
        button.disableProperty().bind(action.disabled());
        button.setOnAction(event -> action.perform().run());
        return button;
    }

    private static MenuItem item(ManagerAction action, boolean withAccelerator) {
        MenuItem item = new MenuItem(action.title(), action.icon() == null ? null : action.icon().node());
        if (withAccelerator) {
            item.setAccelerator(action.accelerator());
        }
        item.disableProperty().bind(action.disabled());
        item.setOnAction(event -> action.perform().run());
        return item;
    }
}

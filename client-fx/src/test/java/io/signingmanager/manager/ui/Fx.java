package io.signingmanager.manager.ui;

import io.signingmanager.common.protocol.Identity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.image.WritableImage;
import javafx.scene.input.PickResult;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** Reading FX state from a test: always on the FX thread, waiting for the background where needed. */
public final class Fx {
    private Fx() {
    }

    public static <T> T get(Callable<T> onFxThread) {
        try {
            return WaitForAsyncUtils.asyncFx(onFxThread).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The FX thread did not answer", e);
        }
    }

    public static void run(Runnable onFxThread) {
        get(() -> {
            onFxThread.run();
            return null;
        });
    }

    public static void waitUntil(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> get(condition));
        } catch (Exception e) {
            throw new AssertionError("Waited in vain", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Opens a menu of the menu bar and clicks one of its items (not a button of the same name). */
    public static void chooseFromMenu(FxRobot robot, String menu, String item) {
        robot.clickOn(menu);
        robot.clickOn(robot.lookup(".context-menu").lookup(LabeledMatchers.hasText(item)).queryLabeled());
    }

    /** Right-clicks the cell with that text and clicks an item of the menu that opens. */
    public static void chooseFromRowMenu(FxRobot robot, String cellText, String item) {
        // A list refreshed a moment ago may not have laid out its cells yet.
        waitUntil(() -> robot.lookup(cellText).tryQuery().map(Node::isVisible).orElse(false));
        robot.rightClickOn(cellText);
        // Monocle does not turn a secondary click into a context-menu request as GTK, Cocoa and Windows do,
        // so the test makes the request the platform would.
        Node cell = robot.lookup(cellText).query();
        run(() -> {
            Point2D point = cell.localToScreen(cell.getLayoutBounds().getCenterX(), cell.getLayoutBounds().getCenterY());
            Point2D local = cell.screenToLocal(point);
            cell.fireEvent(new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(), local.getY(),
                    point.getX(), point.getY(), false, new PickResult(cell, point.getX(), point.getY())));
        });
        robot.clickOn(robot.lookup(".context-menu").lookup(LabeledMatchers.hasText(item)).queryLabeled());
    }

    /** The window's scene as target/screenshots/{@code name}.png, for a person to look at. */
    public static void screenshot(Stage window, String name) {
        WritableImage image = get(() -> window.getScene().snapshot(null));
        try {
            Path folder = Files.createDirectories(Path.of("target", "screenshots"));
            int width = (int) image.getWidth();
            int height = (int) image.getHeight();
            BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    png.setRGB(x, y, image.getPixelReader().getArgb(x, y));
                }
            }
            ImageIO.write(png, "png", folder.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new AssertionError("Cannot write the screenshot " + name, e);
        }
    }

    public static String clipboard() {
        return get(() -> Clipboard.getSystemClipboard().getString());
    }

    /** The showing window of that title. */
    public static Stage window(String title) {
        waitUntil(() -> showing(title) != null);
        return get(() -> showing(title));
    }

    /** The certificates window's list. */
    @SuppressWarnings("unchecked")
    public static TableView<Identity> table(FxRobot robot) {
        return robot.lookup("#certificates").queryAs(TableView.class);
    }

    /** The text of the labeled control the query finds. */
    public static String text(FxRobot robot, String query) {
        return get(() -> robot.lookup(query).queryLabeled().getText());
    }

    private static Stage showing(String title) {
        return Window.getWindows().stream().filter(w -> w instanceof Stage stage && title.equals(stage.getTitle()))
                .map(Stage.class::cast).findFirst().orElse(null);
    }
}

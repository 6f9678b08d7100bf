package io.signingmanager.manager.ui.log;

import io.signingmanager.manager.ui.Icon;
import io.signingmanager.manager.ui.ManagerActions;
import io.signingmanager.manager.ui.ManagerMenus;
import io.signingmanager.manager.ui.Shortcut;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.IndexRange;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;

/** Show Log: {@code SigningManager.log} as it grows, with search and copy. */
public final class LogWindow {
    private final Stage stage = new Stage();
    private final Path logFile;
    private final TextArea text = new TextArea();
    private final CustomTextField search = (CustomTextField) TextFields.createClearableTextField();
    private final Label found = new Label();
    private final Label copied = new Label();
    private LogFollower follower;

    public LogWindow(Path logFile, ManagerActions actions) {
        this.logFile = logFile;
        text.setId("log-text");
        text.setEditable(false);
        text.getStyleClass().add("log");
        search.setId("log-search");
        search.setPromptText("Search");
        search.setLeft(Icon.SEARCH.node());
        search.setPrefColumnCount(24);
        search.textProperty().addListener((seen, old, now) -> find(0));
        search.setOnAction(event -> findNext());
        found.setId("log-found");
        found.getStyleClass().add("hint");
        Button next = new Button("Find Next");
        next.setId("log-find-next");
        next.setOnAction(event -> findNext());
        copied.setId("log-copied");
        copied.getStyleClass().add("hint");
        Button copy = new Button("Copy");
        copy.setId("log-copy");
        copy.setOnAction(event -> copy());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, search, next, found, spacer, copied, copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));
        Label file = new Label(logFile.toString());
        file.getStyleClass().add("hint");
        file.setPadding(new Insets(4, 10, 6, 10));

        Scene scene = ManagerMenus.secondaryScene(new BorderPane(text, bar, null, file, null), 900, 540, actions);
        scene.getAccelerators().put(Shortcut.FIND.combination(), search::requestFocus);
        scene.getAccelerators().put(Shortcut.FIND_NEXT.combination(), this::findNext);
        stage.setScene(scene);
        stage.setTitle("Signing Manager Log");
        stage.setOnShown(event -> follow());
        stage.setOnHidden(event -> follower.close());
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    private void follow() {
        text.clear();
        follower = new LogFollower(logFile, this::append, text::clear);
        follower.start();
    }

    /** Keeps a search hit selected; otherwise stays at the end, where new lines arrive. */
    private void append(String lines) {
        IndexRange selection = text.getSelection();
        text.appendText(lines);
        if (selection.getLength() > 0) {
            text.selectRange(selection.getStart(), selection.getEnd());
        } else {
            text.end();
            text.setScrollTop(Double.MAX_VALUE);
        }
    }

    private void findNext() {
        find(text.getSelection().getEnd());
    }

    /** Selects the next match from {@code from}, wrapping around, and says how many there are. */
    private void find(int from) {
        if (search.getText().isEmpty()) {
            found.setText("");
            return;
        }
        Matcher matcher = Pattern.compile(Pattern.quote(search.getText()), Pattern.CASE_INSENSITIVE
                | Pattern.UNICODE_CASE).matcher(text.getText());
        if (!matcher.find(Math.min(from, text.getLength())) && !matcher.find(0)) {
            found.setText("Not found");
            return;
        }
        int start = matcher.start();
        int end = matcher.end();
        matcher.reset();
        int count = 0;
        int ordinal = 0;
        while (matcher.find()) {
            count++;
            if (matcher.start() == start) {
                ordinal = count;
            }
        }
        text.selectRange(start, end);
        found.setText(ordinal + " of " + count);
    }

    /** Copies the selection, or the whole log when nothing is selected. */
    private void copy() {
        String selected = text.getSelectedText();
        ClipboardContent content = new ClipboardContent();
        content.putString(selected.isEmpty() ? text.getText() : selected);
        Clipboard.getSystemClipboard().setContent(content);
        copied.setText(selected.isEmpty() ? "Copied the whole log" : "Copied the selection");
    }
}

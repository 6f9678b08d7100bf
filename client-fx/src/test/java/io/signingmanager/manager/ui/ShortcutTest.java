package io.signingmanager.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.Test;

/** The one list of shortcuts: no two alike, and all but Escape on the platform's Shortcut key. */
class ShortcutTest {

    @Test
    void noTwoShortcutsAreAlikeAndAllButEscapeUseTheShortcutKey() {
        assertThat(Arrays.stream(Shortcut.values()).map(Shortcut::combination)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(Shortcut.values()).filter(shortcut -> shortcut != Shortcut.CLOSE_SECONDARY))
                .allSatisfy(shortcut -> assertThat(shortcut.combination().getShortcut())
                        .as(shortcut.name()).isEqualTo(KeyCombination.ModifierValue.DOWN));
    }
}

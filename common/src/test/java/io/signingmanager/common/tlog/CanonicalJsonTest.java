package io.signingmanager.common.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 8785's own examples for the parts a log leaf uses: member order, string escapes, integers. */
class CanonicalJsonTest {

    @Test
    void membersAreSortedByUtf16CodeUnitsAsInRfc8785Section3_2_3() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("\u20ac", "Euro Sign");
        object.put("\r", "Carriage Return");
        object.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        object.put("1", "One");
        object.put("\ud83d\ude00", "Emoji: Grinning Face");
        object.put("\u0080", "Control");
        object.put("\u00f6", "Latin Small Letter O With Diaeresis");

        assertThat(text(object)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void stringsEscapeOnlyWhatRfc8785Section3_2_2_2Escapes() {
        // The RFC's example, written with Java escapes (its JSON escapes decoded).
        String input = "\u20ac$\u000F\nA'B\"\\\\\"/";
        assertThat(text(Map.of("a", input))).isEqualTo("{\"a\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        assertThat(text(Map.of("c", "\b\t\f\r\u001f\u007f\u2028")))
                .isEqualTo("{\"c\":\"\\b\\t\\f\\r\\u001f\u007f\u2028\"}");
    }

    @Test
    void nullMembersAreLeftOutAndObjectsNest() {
        Map<String, Object> object = new HashMap<>();
        object.put("v", 1);
        object.put("gone", null);
        object.put("id", 9_007_199_254_740_991L);
        object.put("context", Map.of("z", "1", "a", "2"));
        object.put("empty", Map.of());

        assertThat(text(object)).isEqualTo("{\"context\":{\"a\":\"2\",\"z\":\"1\"},\"empty\":{},"
                + "\"id\":9007199254740991,\"v\":1}");
    }

    @Test
    void membersGivenInTheirOrderAreWrittenAsTheMapIsAndOutOfOrderRefused() {
        Map<String, Object> object = new HashMap<>();
        object.put("b", Map.of("y", "2", "x", "1"));
        object.put("a", 7L);
        object.put("c", "\u00e9\n");
        assertThat(new CanonicalJson.Members().add("a", 7L).add("b", Map.of("y", "2", "x", "1")).add("bb", null)
                .add("c", "\u00e9\n").bytes()).isEqualTo(CanonicalJson.write(object));
        assertThatThrownBy(() -> new CanonicalJson.Members().add("b", "1").add("a", "2"))
                .hasMessageContaining("out of order");
    }

    @Test
    void whatHasNoCanonicalFormIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", "x\ud800y")))
                .hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", 1L << 53)))
                .hasMessageContaining("2^53");
        assertThatThrownBy(() -> CanonicalJson.write(Map.of("a", 1.5)))
                .hasMessageContaining("Double");
    }

    private static String text(Map<String, ?> object) {
        return new String(CanonicalJson.write(object), StandardCharsets.UTF_8);
    }
}

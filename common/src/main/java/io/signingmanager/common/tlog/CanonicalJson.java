package io.signingmanager.common.tlog;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values a log leaf holds: objects, strings and
 * integers. Members are sorted by their names' UTF-16 code units (as {@link String#compareTo} sorts),
 * there is no white space, a string escapes only {@code "}, {@code \}, and the characters below U+0020
 * ({@code \b \t \n \f \r} by name, the others as backslash-u-00 and two lower-case hex digits), and the text is UTF-8.
 * A {@code null} member is left out. Strings must be well-formed UTF-16 (no lone surrogate).
 */
public final class CanonicalJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** The object's canonical UTF-8 bytes; values are strings, integers ({@code Long}, {@code Integer}) or such objects. */
    public static byte[] write(Map<String, ?> object) {
        Members members = new Members();
        new TreeMap<>(object).forEach(members::add);
        return members.bytes();
    }

    /**
     * An object written member by member, for a caller that knows its members' names in their canonical order
     * (a record's fields): no map and no sort. A name out of that order is refused.
     */
    public static final class Members {
        private final StringBuilder out = new StringBuilder(512).append('{');
        private String last;

        /** Adds the member unless its value is {@code null}; names must come in ascending UTF-16 order. */
        public Members add(String name, Object value) {
            if (value == null) {
                return this;
            }
            if (last != null) {
                if (last.compareTo(name) >= 0) {
                    throw new IllegalArgumentException("Member '" + name + "' comes after '" + last + "', out of order");
                }
                out.append(',');
            }
            last = name;
            string(out, name);
            out.append(':');
            value(out, value);
            return this;
        }

        /** The object's canonical UTF-8 bytes. */
        public byte[] bytes() {
            return new StringBuilder(out).append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void object(StringBuilder out, Map<String, ?> object) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> member : new TreeMap<>(object).entrySet()) {
            if (member.getValue() == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, member.getKey());
            out.append(':');
            value(out, member.getValue());
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof Long || value instanceof Integer) {
            long number = ((Number) value).longValue();
            if (Math.abs(number) > (1L << 53) - 1) {
                throw new IllegalArgumentException("An integer beyond 2^53 has no exact JSON number: " + number);
            }
            out.append(number);
        } else if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> object = (Map<String, ?>) map;
            object(out, object);
        } else {
            throw new IllegalArgumentException("No canonical JSON for a " + value.getClass().getSimpleName());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        out.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
                    } else if (Character.isSurrogate(ch) && !pairAt(text, i)) {
                        throw new IllegalArgumentException("A lone surrogate has no canonical JSON form");
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Whether {@code text} has a surrogate pair at {@code i} or one ending there. */
    private static boolean pairAt(String text, int i) {
        char ch = text.charAt(i);
        return Character.isHighSurrogate(ch) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}

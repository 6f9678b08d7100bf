package io.signingmanager.manager.filesign;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A dict written as an XML plist in the one layout that Apple's CFPropertyList and Python's plistlib
 * both write: their declaration and DOCTYPE, one element a line, tab indentation, empty containers as
 * {@code <dict/>} and {@code <array/>}, {@code <data>} in plistlib's base64 lines. Checkers such as
 * signapple re-serialize the entitlements this way and hash the result, so only bytes already in this
 * layout verify; a bundle's CodeResources is written the same way (as codesign and ldid write it). The
 * map's own order is kept (give a sorted map for sorted keys).
 */
public final class XmlPlist {
    private static final String HEADER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            """;

    private final StringBuilder out = new StringBuilder(HEADER);

    private XmlPlist() {
    }

    /** The plist of a dict whose values are dicts, lists, Booleans, BigIntegers, Doubles, byte arrays and strings. */
    public static byte[] write(Map<String, Object> dict) {
        XmlPlist plist = new XmlPlist();
        plist.value(dict, 0);
        plist.out.append("</plist>\n");
        return plist.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private void value(Object value, int depth) {
        if (value instanceof Map<?, ?> dict) {
            container("dict", dict.isEmpty(), depth, () -> ((Map<String, Object>) dict).forEach((key, item) -> {
                line(depth + 1, "<key>" + escape(key) + "</key>");
                value(item, depth + 1);
            }));
        } else if (value instanceof List<?> array) {
            container("array", array.isEmpty(), depth, () -> array.forEach(item -> value(item, depth + 1)));
        } else if (value instanceof Boolean flag) {
            line(depth, flag ? "<true/>" : "<false/>");
        } else if (value instanceof BigInteger number) {
            line(depth, "<integer>" + number + "</integer>");
        } else if (value instanceof Double real) {
            line(depth, "<real>" + (real == Math.rint(real) && !real.isInfinite() ? String.valueOf(real.longValue())
                    : String.valueOf(real)) + "</real>");
        } else if (value instanceof byte[] data) {
            data(data, depth);
        } else {
            line(depth, "<string>" + escape((String) value) + "</string>");
        }
    }

    private void container(String name, boolean empty, int depth, Runnable items) {
        if (empty) {
            line(depth, "<" + name + "/>");
            return;
        }
        line(depth, "<" + name + ">");
        items.run();
        line(depth, "</" + name + ">");
    }

    /** As plistlib: the base64 lines at the element's own depth, 76 columns less its indentation (a tab as 8). */
    private void data(byte[] data, int depth) {
        line(depth, "<data>");
        int chunk = Math.max(16, 76 - 8 * depth) / 4 * 3;
        for (int start = 0; start < data.length; start += chunk) {
            int end = Math.min(data.length, start + chunk);
            line(depth, Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, start, end)));
        }
        line(depth, "</data>");
    }

    private void line(int depth, String text) {
        out.append("\t".repeat(depth)).append(text).append('\n');
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

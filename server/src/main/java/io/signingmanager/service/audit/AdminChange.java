package io.signingmanager.service.audit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin side of an audit entry: the action, the object (its id and a name that still reads
 * after it is deleted), and the values it changed, before and after ({@code null} when not fitting).
 */
public record AdminChange(AdminAction action, ObjectKind objectKind, String objectId, String objectName,
                          Map<String, String> before, Map<String, String> after) {
    // Names come from user input (certificate names, request paths) into a column of this size.
    static final int MAX_NAME = 500;

    public AdminChange {
        objectName = objectName == null || objectName.length() <= MAX_NAME ? objectName
                : objectName.substring(0, cut(objectName, MAX_NAME - 1)) + "…";
        before = values(before);
        after = values(after);
    }

    /** Where to cut the text to at most {@code length} characters without parting a surrogate pair. */
    private static int cut(String text, int length) {
        return Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
    }

    /** Sorted by name (stable for hashing and display), without absent values; {@code null} when none is left. */
    private static Map<String, String> values(Map<String, String> values) {
        if (values == null) {
            return null;
        }
        Map<String, String> sorted = new TreeMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                sorted.put(name, value);
            }
        });
        return sorted.isEmpty() ? null : Collections.unmodifiableMap(sorted);
    }
}

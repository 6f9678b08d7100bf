package io.signingmanager.service.audit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Audit text as both databases store it and give it back, so the text hashed is the text stored:
 * PostgreSQL refuses NUL in text (and with it the whole transaction), and a lone UTF-16 surrogate
 * has no UTF-8 form (the driver writes {@code ?}, and the record no longer matches its hash). Both
 * become U+FFFD, one character for one, so a field's length does not change.
 */
final class StoredText {
    static final char REPLACEMENT = '\uFFFD';

    private StoredText() {
    }

    static String of(String text) {
        if (text == null || isStorable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 0) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(ch) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(ch).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(ch) ? REPLACEMENT : ch);
            }
        }
        return out.toString();
    }

    /**
     * The entry with every text in it (each string, each key and value of a map of strings) made
     * storable. It goes through the record's components rather than naming them, so a field added to
     * {@link AuditEntry} later is covered without anyone remembering to list it here.
     */
    static AuditEntry entry(AuditEntry entry) {
        RecordComponent[] components = AuditEntry.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = storableValue(components[i].getAccessor().invoke(entry));
            }
            Constructor<AuditEntry> canonical = AuditEntry.class.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("The audit entry cannot be copied", cause);
        }
    }

    private static Object storableValue(Object value) {
        if (value instanceof String text) {
            return of(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(storableValue(k), storableValue(v)));
            return Map.copyOf(copy);
        }
        return value;
    }

    private static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 0 || Character.isSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }
}

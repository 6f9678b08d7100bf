package io.signingmanager.service.storage;

import java.util.Locale;

/**
 * Text the databases cannot keep as sent: a NUL (U+0000) or a UTF-16 surrogate without its pair.
 * PostgreSQL refuses a NUL and fails the whole batch; a lone surrogate is stored as '?', so stored
 * text (the audit's, which is hashed) would no longer be what was written.
 */
public final class StorableText {
    private StorableText() {
    }

    /** Why the databases cannot store this text as it is, or {@code null} when they can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ")";
            }
        }
        return null;
    }
}

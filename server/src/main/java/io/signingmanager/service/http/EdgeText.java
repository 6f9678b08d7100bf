package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;

/**
 * Text refused where it enters the service: a NUL (U+0000) or a UTF-16 surrogate without its pair.
 * No name or note needs one, and the databases cannot keep them as sent (PostgreSQL refuses a NUL
 * and fails the whole batch; a lone surrogate is stored as '?', so the stored audit text is no
 * longer what was hashed). Refusing them once, at the edge, spares every feature the check.
 */
public final class EdgeText {
    private EdgeText() {
    }

    /** Why the service cannot take this text, or {@code null} when it can. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                        + ")";
            }
        }
        return null;
    }

    /** Refuses the text with a 400 that names it, e.g. {@code what} = "Query parameter 'from'". */
    public static void check(String what, String text) throws Refusal {
        String problem = text == null ? null : problem(text);
        if (problem != null) {
            throw Refusal.badRequest(what + " " + problem);
        }
    }
}

package io.signingmanager.service.audit;

import io.signingmanager.service.storage.StorableText;

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
        if (text == null || StorableText.problem(text) == null) {
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

    /** The entry with every text in it made storable. */
    static AuditEntry entry(AuditEntry entry) {
        return entry.mapText(StoredText::of);
    }
}

package io.signingmanager.common.text;

/**
 * Text from elsewhere (a Signing Service's error message, the agent's, a certificate's common name)
 * made safe to print on a terminal or in a dialog: control characters, including the ESC that
 * starts an ANSI sequence and the bidirectional overrides that reorder what a reader sees, are
 * written as {@code \}{@code u001b}, and the text is cut at {@link #MAX_LENGTH} characters. Printable
 * text passes through unchanged, so applying it twice changes nothing more.
 */
public final class Printable {
    /** Long enough for any honest message, short enough that a hostile one cannot flood a terminal. */
    public static final int MAX_LENGTH = 500;
    private static final String CUT = "...";

    private Printable() {
    }

    /** {@code text} with its control characters escaped and cut to {@link #MAX_LENGTH}; {@code null} stays null. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder printable = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 8));
        // Where the text is cut if it turns out too long: after the last whole character or escape
        // that leaves room for the mark, so that neither an escape nor a surrogate pair is split.
        int fits = 0;
        for (int i = 0; i < text.length() && printable.length() <= MAX_LENGTH; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (unsafe(c)) {
                printable.append(String.format("\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
            if (printable.length() <= MAX_LENGTH - CUT.length()) {
                fits = printable.length();
            }
            if (i == text.length() && printable.length() <= MAX_LENGTH) {
                return printable.toString();
            }
        }
        return printable.length() <= MAX_LENGTH ? printable.toString() : printable.substring(0, fits) + CUT;
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c)
                || (c >= '\u202a' && c <= '\u202e') // bidirectional embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // bidirectional isolates
                || c == '\u2028' || c == '\u2029'; // line and paragraph separators
    }
}

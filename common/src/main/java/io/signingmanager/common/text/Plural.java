package io.signingmanager.common.text;

/** A count with its noun in the right number, so that output never says "1 identities". */
public final class Plural {
    private Plural() {
    }

    /** For nouns that take an s: {@code of(2, "file")} is "2 files". */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** {@code of(1, "identity", "identities")} is "1 identity"; 0 and 2 take {@code many}. */
    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}

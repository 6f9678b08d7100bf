package io.signingmanager.manager.text;

/** A count with its noun in the right number: "1 certificate", "2 certificates", "0 certificates". */
public final class Plural {
    private Plural() {
    }

    /** For nouns that take an s: {@code of(2, "file")} is "2 files". */
    public static String of(long count, String noun) {
        return of(count, noun, noun + "s");
    }

    /** For the others: {@code of(1, "identity", "identities")} is "1 identity". */
    public static String of(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }
}

package io.signingmanager.common.text;

/** A count with its noun in the right number, so that output never says "1 identities". */
public final class Plural {
    private Plural() {
    }

    /** {@code of(1, "identity", "identities")} is "1 identity"; 0 and 2 take {@code many}. */
    public static String of(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}

package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.StorableText;

/**
 * Text refused where it enters the service when the databases could not store it as sent
 * ({@link StorableText}): no name or note needs a NUL or a lone surrogate, and refusing them once,
 * at the edge, spares every feature the check.
 */
public final class EdgeText {
    private EdgeText() {
    }

    /** Refuses the text with a 400 that names it, e.g. {@code what} = "Query parameter 'from'". */
    public static void check(String what, String text) throws Refusal {
        String problem = text == null ? null : StorableText.problem(text);
        if (problem != null) {
            throw Refusal.badRequest(what + " " + problem);
        }
    }
}

package io.signingmanager.manager.filesign;

import io.signingmanager.manager.connection.Problem;

/** Turns what JarSigner and jsign throw into a {@link Problem}, keeping the service's own when it is the cause. */
final class SignFailures {
    private SignFailures() {
    }

    /** {@code what} says what failed, like "Cannot sign app.jar". */
    static Problem problem(String what, Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Problem problem) {
                return problem;
            }
        }
        return new Problem(Problem.Kind.LOCAL, what + ": " + failure.getMessage(),
                "See the Signing Manager log for details.", failure);
    }
}

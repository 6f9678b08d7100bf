package io.signingmanager.manager.cli;

import java.io.Console;
import java.util.Locale;
import java.util.Optional;

/** The person at the keyboard, when there is one: the command line asks before it trusts a certificate. */
interface Terminal {
    /** The answer to a yes/no question, or empty when no console is attached (a script, CI). */
    Optional<Boolean> confirm(String question);

    /** Nobody to ask: a script decides with its flags alone. */
    Terminal NONE = question -> Optional.empty();

    /** The process's console, if it has one. */
    static Terminal system() {
        return question -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            String answer = console.readLine("%s [y/N] ", question);
            return Optional.of(answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes"));
        };
    }
}

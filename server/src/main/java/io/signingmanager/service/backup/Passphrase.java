package io.signingmanager.service.backup;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The backup passphrase, never from the command line (others on the machine can read it): from
 * {@value #VARIABLE}, else asked at the terminal (twice for a new backup).
 */
final class Passphrase {
    static final String VARIABLE = "SIGNING_SERVICE_BACKUP_PASSPHRASE";
    /** Shorter ones are refused for a new backup: the file may be copied anywhere and tried offline. */
    static final int MIN_LENGTH = 12;

    private final Map<String, String> env;
    private final Supplier<Optional<Console>> console;

    Passphrase(Map<String, String> env, Supplier<Optional<Console>> console) {
        this.env = env;
        this.console = console;
    }

    /** For a new backup: long enough, and typed the same twice at a terminal. */
    char[] forNewBackup() {
        char[] passphrase = read("Passphrase for the backup: ");
        String weakness = weakness(passphrase.length);
        if (weakness != null) {
            throw new IllegalArgumentException(weakness);
        }
        if (env.get(VARIABLE) == null) {
            char[] again = read("The same passphrase again: ");
            if (!Arrays.equals(passphrase, again)) {
                throw new IllegalArgumentException("The two passphrases differ; nothing was written.");
            }
        }
        return passphrase;
    }

    /** Why a passphrase of that length is refused for a new backup (or a schedule), or {@code null}. */
    static String weakness(int length) {
        return length < MIN_LENGTH ? "The passphrase must have at least " + MIN_LENGTH + " characters." : null;
    }

    /** For a backup to open. */
    char[] forRestore() {
        return read("Passphrase of the backup: ");
    }

    private char[] read(String prompt) {
        String given = env.get(VARIABLE);
        if (given != null && !given.isEmpty()) {
            return given.toCharArray();
        }
        char[] typed = console.get().map(terminal -> terminal.readPassword("%s", prompt)).orElseThrow(() ->
                new IllegalArgumentException("No passphrase: set " + VARIABLE + " or run this at a terminal."));
        if (typed == null) {
            throw new IllegalArgumentException("No passphrase was typed.");
        }
        return typed;
    }
}

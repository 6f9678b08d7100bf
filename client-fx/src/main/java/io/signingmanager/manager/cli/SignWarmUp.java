package io.signingmanager.manager.cli;

import io.signingmanager.common.json.Json;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * Work a {@code signing-manager sign} needs soon, started on a second thread as the command starts, while
 * the first sets up the command line (picocli's model of every command and flag, about a tenth of a short
 * command's time): the JSON mapper (Jackson's set-up, the settings are read with it next) and the JDK's TLS
 * provider (the connection to the service follows). Both are kept by their owners and safe from any thread; a
 * thread that needs one first waits for it. Measured with {@code signing-bench many-files} (docs/performance.md).
 */
public final class SignWarmUp {
    private SignWarmUp() {
    }

    /** Starts the work on a daemon thread when the command line is a {@code sign}. */
    public static void beginFor(String[] args) {
        if (args.length == 0 || !args[0].equals("sign")) {
            return;
        }
        Thread work = new Thread(SignWarmUp::warm, "signing-manager-warm-up");
        work.setDaemon(true);
        work.start();
    }

    private static void warm() {
        Json.mapper();
        try {
            SSLContext.getInstance("TLS");
        } catch (GeneralSecurityException e) {
            // The connection itself says what is wrong.
        }
    }
}

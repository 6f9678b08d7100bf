package io.signingmanager.manager.log;

import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** {@code SigningManager.log}: one line per event, appended; debug logging adds the details. */
public final class ManagerLog {
    private static final String ROOT = "io.signingmanager";

    private ManagerLog() {
    }

    /** Sends the Signing Manager's log records to the file, replacing an earlier file handler. */
    public static synchronized void install(Path logFile, boolean debug) throws IOException {
        OwnerOnly.createFolder(logFile.getParent());
        Logger root = Logger.getLogger(ROOT);
        for (Handler old : root.getHandlers()) {
            root.removeHandler(old);
            old.close();
        }
        FileHandler file = new FileHandler(logFile.toString(), true);
        file.setFormatter(new LineFormatter());
        file.setEncoding("UTF-8");
        root.addHandler(file);
        root.setUseParentHandlers(false);
        root.setLevel(debug ? Level.FINE : Level.INFO);
        file.setLevel(Level.ALL);
    }

    /** Turns debug logging on or off from now on, as Preferences saves it. */
    public static void setDebug(boolean debug) {
        Logger.getLogger(ROOT).setLevel(debug ? Level.FINE : Level.INFO);
    }

    /** {@code 2026-11-23T10:15:30.123Z INFO  Manager: Refreshed: 3 identities}. */
    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            String line = Instant.ofEpochMilli(record.getMillis()) + " " + String.format("%-7s", record.getLevel().getName())
                    + " " + logger.substring(logger.lastIndexOf('.') + 1) + ": " + formatMessage(record)
                    + System.lineSeparator();
            if (record.getThrown() != null) {
                line += "    " + record.getThrown() + System.lineSeparator();
            }
            return line;
        }
    }
}

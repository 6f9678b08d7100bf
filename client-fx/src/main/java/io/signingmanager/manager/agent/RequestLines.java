package io.signingmanager.manager.agent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The request lines of one connection, each at most {@link #MAX_LINE} bytes. */
final class RequestLines {
    static final int MAX_LINE = 1 << 20;

    /** A line longer than {@link #MAX_LINE}; it has been read to its end, so the next line can be served. */
    static final class TooLong extends Exception {
        TooLong() {
            super("A request line is at most " + MAX_LINE + " bytes.");
        }
    }

    private final InputStream in;

    RequestLines(InputStream in) {
        this.in = new BufferedInputStream(in, 64 * 1024);
    }

    /** The next line without its line end, or {@code null} at the end of the connection. */
    String next() throws IOException, TooLong {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 && !tooLong ? null : finish(line, tooLong);
            }
            if (line.size() < MAX_LINE) {
                line.write(b);
            } else {
                tooLong = true;
            }
        }
        return finish(line, tooLong);
    }

    private static String finish(ByteArrayOutputStream line, boolean tooLong) throws TooLong {
        if (tooLong) {
            throw new TooLong();
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}

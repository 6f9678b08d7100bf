package io.signingmanager.manager.receipts;

import io.signingmanager.common.json.Json;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Appends the book's lines out of the signers' way: a signer only adds its line to a list, and a thread of the
 * book's own writes what the list holds every {@link #PERIOD}, without being woken for it. Writing the line on
 * the signer's thread cost about 0.07 ms per signature there (its JSON, the file's open and close), and so did
 * waking a writer thread for each line (a thread's wake-up is that dear on this kind of VM), where the agent's
 * whole hop is to cost at most 0.15 ms. The writer ends after a few idle seconds and starts again with the next
 * line. {@link #flush} writes what waits on the caller's thread (the {@code sign} command at its end, and a
 * shutdown hook when the JVM exits); a process killed outright loses at most the last period's lines. At most
 * {@link #WAITING} lines wait: beyond that the signer writes them itself, so a stuck disk slows signing rather
 * than filling the memory.
 * <p>
 * The day's file stays open between writes, and is opened again when the day changes or the file was removed or
 * moved meanwhile.
 */
final class ReceiptWriter {
    private static final Logger LOG = Logger.getLogger(ReceiptWriter.class.getName());
    static final Duration PERIOD = Duration.ofMillis(50);
    static final int WAITING = 10_000;
    private static final int IDLE_PERIODS = 100;

    /** A line to write, to which day's file, and whom to tell when it cannot be written. */
    private record Line(Path day, Object content, Consumer<String> onFailure) {
    }

    private final Object writing = new Object(); // held while lines are taken and written, so they keep their order
    private List<Line> waiting = new ArrayList<>(); // guarded by this
    private Thread writer; // guarded by this; null when none runs
    private boolean hooked; // guarded by this
    private DayFile open; // guarded by writing

    /** Appends the line (as JSON, with its line end) to that day's file, within {@link #PERIOD}. */
    void append(Path day, Object content, Consumer<String> onFailure) {
        boolean tooMany;
        synchronized (this) {
            waiting.add(new Line(day, content, onFailure));
            tooMany = waiting.size() >= WAITING;
            if (writer == null && !tooMany) {
                writer = new Thread(this::writeEveryPeriod, "receipt-book");
                writer.setDaemon(true);
                writer.start();
                if (!hooked) {
                    hooked = true;
                    Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "receipt-book-at-exit"));
                }
            }
        }
        if (tooMany) {
            flush();
        }
    }

    /** Writes every line handed in before, on this thread. */
    void flush() {
        synchronized (writing) {
            List<Line> lines;
            synchronized (this) {
                lines = waiting;
                waiting = new ArrayList<>();
            }
            lines.forEach(this::write);
        }
    }

    private void writeEveryPeriod() {
        int idle = 0;
        while (true) {
            LockSupport.parkNanos(PERIOD.toNanos());
            synchronized (this) {
                if (waiting.isEmpty()) {
                    if (++idle < IDLE_PERIODS) {
                        continue;
                    }
                    writer = null;
                    return;
                }
            }
            idle = 0;
            flush();
        }
    }

    private void write(Line line) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(line.content());
            ByteBuffer withEnd = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            if (open == null || !open.day().equals(line.day()) || !open.stillThere()) {
                if (open != null) {
                    open.close();
                    open = null;
                }
                open = DayFile.open(line.day());
            }
            while (withEnd.hasRemaining()) {
                open.channel().write(withEnd);
            }
        } catch (IOException | RuntimeException e) {
            line.onFailure().accept(e.toString());
        }
    }

    /** The receipts file of one day, open for appending, and which file it is (to see it removed or replaced). */
    private record DayFile(Path day, FileChannel channel, Object fileKey) {
        static DayFile open(Path day) throws IOException {
            OwnerOnly.createFolder(day.getParent());
            FileChannel channel = FileChannel.open(day, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            return new DayFile(day, channel, Files.readAttributes(day, BasicFileAttributes.class).fileKey());
        }

        /** Whether the path still names the file open here (one stat). */
        boolean stillThere() {
            try {
                return Objects.equals(fileKey, Files.readAttributes(day, BasicFileAttributes.class).fileKey());
            } catch (IOException gone) {
                return false;
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.fine(() -> "Closing " + day + ": " + e.getMessage());
            }
        }
    }
}

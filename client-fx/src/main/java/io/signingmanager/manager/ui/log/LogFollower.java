package io.signingmanager.manager.ui.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;

/**
 * Follows a growing text file, like {@code tail -f}: polls it off the FX thread and hands each batch
 * of complete new lines to the FX thread. A file that shrank was replaced: it is read again from the start.
 */
final class LogFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogFollower.class.getName());
    private static final long POLL_MILLIS = 250;
    /** A long log opens at its last megabyte; older lines are in the file. */
    private static final long TAIL_BYTES = 1 << 20;

    private final Path file;
    private final Consumer<String> onLines;
    private final Runnable onRestart;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "signing-manager-log-follower");
        thread.setDaemon(true);
        return thread;
    });
    private long position = -1;

    /** {@code onLines} and {@code onRestart} run on the FX thread. */
    LogFollower(Path file, Consumer<String> onLines, Runnable onRestart) {
        this.file = file;
        this.onLines = onLines;
        this.onRestart = onRestart;
    }

    void start() {
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            boolean first = position < 0;
            if (first) {
                position = Math.max(0, size - TAIL_BYTES);
            } else if (size < position) {
                position = 0;
                Platform.runLater(onRestart);
            }
            if (size > position) {
                read(channel, size, first && position > 0);
            }
        } catch (NoSuchFileException e) {
            position = Math.max(position, 0);
        } catch (IOException e) {
            LOG.log(Level.FINE, "Cannot read the log " + file, e);
        }
    }

    /** Reads up to the last complete line; a line still being written waits for the next poll. */
    private void read(FileChannel channel, long size, boolean startsMidLine) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) (size - position));
        // A FileChannel may read less than asked for.
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        byte[] bytes = buffer.array();
        int end = buffer.position();
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        int start = 0;
        if (startsMidLine) {
            while (start < end && bytes[start] != '\n') {
                start++;
            }
            start = Math.min(start + 1, end);
        }
        position += end;
        if (end > start) {
            String lines = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            Platform.runLater(() -> onLines.accept(lines));
        }
    }
}

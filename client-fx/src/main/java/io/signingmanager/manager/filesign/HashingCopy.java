package io.signingmanager.manager.filesign;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the input to the file that gets signed while hashing it, reading it once: the SHA-256 the
 * audit records is that of exactly the bytes signed, even if the input changes meanwhile. A file
 * larger than one buffer is hashed on a second thread while the next buffer is read and written, so
 * the copy takes about as long as the hash alone (a SHA-256 of 1 GiB costs about 1 s of CPU here,
 * reading and writing it about 0.5 s).
 */
final class HashingCopy {
    private static final int BUFFER = 1 << 20;
    // Buffers in turn: one being read and written while the others wait for or are in the hash.
    private static final int BUFFERS = 3;

    private HashingCopy() {
    }

    /** Copies {@code from} over {@code to} and answers the SHA-256 (lower-case hex) of what was copied. */
    static String copy(Path from, Path to, HashProgress progress) throws IOException {
        MessageDigest sha256 = HashAlgorithm.SHA256.newDigest();
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long total = in.size();
            if (total <= BUFFER) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, total));
                for (long done = 0; fill(in, buffer) > 0; done += buffer.limit()) {
                    sha256.update(buffer.duplicate());
                    writeAll(out, buffer);
                    progress.hashed(done + buffer.limit(), total);
                }
            } else {
                copyHashingAside(in, out, sha256, total, progress);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void copyHashingAside(FileChannel in, FileChannel out, MessageDigest sha256, long total,
                                         HashProgress progress) throws IOException {
        ExecutorService hasher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "hashing copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
            Future<?>[] hashed = new Future<?>[BUFFERS];
            long done = 0;
            for (int turn = 0; ; turn++) {
                int slot = turn % BUFFERS;
                if (hashed[slot] != null) {
                    await(hashed[slot]);
                }
                if (buffers[slot] == null) {
                    buffers[slot] = ByteBuffer.allocateDirect(BUFFER);
                }
                ByteBuffer buffer = buffers[slot];
                if (fill(in, buffer) == 0) {
                    break;
                }
                ByteBuffer toHash = buffer.duplicate();
                hashed[slot] = hasher.submit(() -> sha256.update(toHash));
                writeAll(out, buffer);
                done += toHash.limit();
                progress.hashed(done, total);
            }
            for (Future<?> pending : hashed) {
                if (pending != null) {
                    await(pending);
                }
            }
        } finally {
            hasher.shutdownNow();
        }
    }

    /** Reads until the buffer is full or the file ends; answers the bytes read, the buffer flipped for reading. */
    private static int fill(FileChannel in, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int read;
        do {
            read = in.read(buffer);
        } while (read >= 0 && buffer.hasRemaining());
        buffer.flip();
        return buffer.limit();
    }

    private static void writeAll(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void await(Future<?> hash) throws IOException {
        try {
            hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IOException("Hashing failed", e.getCause());
        }
    }
}

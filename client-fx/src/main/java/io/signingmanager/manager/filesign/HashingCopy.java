package io.signingmanager.manager.filesign;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the input to the file that gets signed and hashes the copy: the SHA-256 the audit records is
 * that of exactly the bytes signed, even if the input changes meanwhile, and the input is read once.
 * A second hash of the same bytes, like a PE file's Authenticode digest ({@link StreamedPeDigest}),
 * is made beside it.
 *
 * <p>A file larger than one buffer is copied by the kernel ({@link FileChannel#transferTo}), a step at a
 * time, and each hash reads the copied steps back from the page cache on a thread of its own, while
 * the next step is copied. For 1 GiB here the copy costs about 0.3 s of CPU and each
 * SHA-256 about 0.6 s, where reading and writing through a buffer cost about 0.6 s more, and the
 * hashes then waited for each other on one thread.
 */
final class HashingCopy {
    private static final int BUFFER = 1 << 20;
    /** What the kernel copies before the hashes are given it. */
    private static final long STEP = 32L << 20;

    /** A hash fed the copied bytes in order, a chunk at a time, on one thread; {@link #NONE} for none. */
    interface ChunkHash {
        ChunkHash NONE = chunk -> { };

        void update(ByteBuffer chunk);
    }

    private HashingCopy() {
    }

    /** Copies {@code from} over {@code to} and answers the SHA-256 (lower-case hex) of what was copied. */
    static String copy(Path from, Path to, HashProgress progress) throws IOException {
        return copy(from, to, progress, ChunkHash.NONE);
    }

    /** The same, feeding {@code alongside} the copied bytes too. */
    static String copy(Path from, Path to, HashProgress progress, ChunkHash alongside) throws IOException {
        MessageDigest sha256 = HashAlgorithm.SHA256.newDigest();
        List<ChunkHash> hashes = alongside == ChunkHash.NONE ? List.of(sha256::update) : List.of(sha256::update, alongside);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.READ, StandardOpenOption.WRITE,
                     StandardOpenOption.CREATE)) {
            long total = in.size();
            long copied = total <= BUFFER ? copySmall(in, out, hashes, total, progress)
                    : copyHashingTheCopy(in, out, hashes, total, progress);
            // Cut after the copy, not opened with TRUNCATE_EXISTING: ext4 writes a file truncated to
            // nothing and written again out to disk when it is closed (auto_da_alloc), 0.2 s for 1 GiB.
            out.truncate(copied);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Answers the bytes copied. */
    private static long copySmall(FileChannel in, FileChannel out, List<ChunkHash> hashes, long total,
                                  HashProgress progress) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, total));
        long done = 0;
        for (; fill(in, buffer) > 0; done += buffer.limit()) {
            for (ChunkHash hash : hashes) {
                hash.update(buffer.duplicate());
            }
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            progress.hashed(done + buffer.limit(), total);
        }
        return done;
    }

    /**
     * The kernel copies a step, then each hash reads the step from the copy on its own thread. The
     * copy's length is what the kernel copied: a file that grows meanwhile is signed as far as it was
     * copied. Answers the bytes copied.
     */
    private static long copyHashingTheCopy(FileChannel in, FileChannel out, List<ChunkHash> hashes, long total,
                                           HashProgress progress) throws IOException {
        List<ExecutorService> hashers = hashes.stream().map(hash -> Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "hashing copy");
            thread.setDaemon(true);
            return thread;
        })).toList();
        List<ByteBuffer> buffers = hashes.stream().map(hash -> ByteBuffer.allocateDirect(BUFFER)).toList();
        try {
            List<Step> steps = new ArrayList<>();
            long copied = 0;
            for (long step; copied < total && (step = transfer(in, out, copied, Math.min(STEP, total - copied))) > 0; ) {
                List<Future<?>> hashed = new ArrayList<>(hashes.size());
                for (int i = 0; i < hashes.size(); i++) {
                    ChunkHash hash = hashes.get(i);
                    ByteBuffer buffer = buffers.get(i);
                    long from = copied;
                    long to = copied + step;
                    hashed.add(hashers.get(i).submit(() -> {
                        hashRead(out, from, to, buffer, hash);
                        return null;
                    }));
                }
                copied += step;
                steps.add(new Step(copied, hashed));
            }
            for (Step step : steps) {
                for (Future<?> hash : step.hashed()) {
                    await(hash);
                }
                progress.hashed(step.end(), copied);
            }
            return copied;
        } finally {
            hashers.forEach(ExecutorService::shutdownNow);
        }
    }

    /** Feeds {@code hash} the copy's bytes from {@code from} to {@code to}, read into {@code buffer}. */
    private static void hashRead(FileChannel copy, long from, long to, ByteBuffer buffer, ChunkHash hash)
            throws IOException {
        for (long at = from; at < to; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - at));
            int read = copy.read(buffer, at);
            if (read <= 0) {
                throw new IOException("The copy ended at " + at + " bytes, before the " + to + " copied");
            }
            hash.update(buffer.flip());
            at += read;
        }
    }

    /** A step copied, up to {@code end}, and its hashes. */
    private record Step(long end, List<Future<?>> hashed) {
    }

    /** Copies up to {@code length} bytes at {@code position}; answers how many, 0 at the input's end. */
    private static long transfer(FileChannel in, FileChannel out, long position, long length) throws IOException {
        long done = 0;
        while (done < length) {
            long moved = in.transferTo(position + done, length - done, out);
            if (moved <= 0) {
                break;
            }
            done += moved;
        }
        return done;
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

package io.signingmanager.service.secrets;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}).
 * Each hash holds 19 MiB while it runs, so only a few run at once: parallel
 * sign-ins (for any names, known or not) would otherwise fill the heap. A hash that cannot start
 * within a short wait fails with {@link Busy}.
 */
public final class PasswordHasher {
    /** Hashes running at once: 4 × 19 MiB, and more would not finish sooner on a small machine. */
    public static final int CONCURRENT_HASHES = 4;
    /** How long a hash waits for its turn before the caller is told to come back. */
    static final Duration WAIT = Duration.ofSeconds(5);
    /** What a caller turned away is told to wait. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_LENGTH = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore turns;
    private final Duration wait;

    public PasswordHasher() {
        this(CONCURRENT_HASHES, WAIT);
    }

    PasswordHasher(int concurrentHashes, Duration wait) {
        this.turns = new Semaphore(concurrentHashes, true);
        this.wait = wait;
    }

    /** Too many hashes are running and this one could not start in time; nothing was computed. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("Too many password hashes at once");
        }
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** {@link #hash}, or a refusal in words (try again shortly) when as many hashes as allowed are running. */
    public String hashOrRefuse(String password) throws Refusal {
        try {
            return hash(password);
        } catch (Busy e) {
            throw busy();
        }
    }

    /** What a caller turned away for {@link Busy} is answered. */
    public static Refusal busy() {
        return new Refusal(ErrorCode.UNAVAILABLE, "Too many passwords are being checked at once; try again in a "
                + "few seconds").retryAfter(RETRY_AFTER);
    }

    public boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int parallelism = 0;
        for (String setting : parts[3].split(",")) {
            String[] pair = setting.split("=");
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> parallelism = value;
                default -> {
                    return false;
                }
            }
        }
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(password, B64D.decode(parts[4]), memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] derive(String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return argon2(password, salt, memory, iterations, parallelism, length);
        } finally {
            turns.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int parallelism, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build());
        byte[] hash = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        return hash;
    }
}

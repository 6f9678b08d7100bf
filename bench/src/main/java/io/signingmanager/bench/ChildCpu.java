package io.signingmanager.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this process's children that have ended (Linux: {@code cutime + cstime} of {@code /proc/self/stat},
 * what the kernel adds up when a child is reaped, in clock ticks of 10 ms). Read before and after a command, the
 * difference is that command's CPU, all its threads (JIT and GC too); a service still running is not in it.
 */
final class ChildCpu {
    private static final Path STAT = Path.of("/proc/self/stat");
    // USER_HZ, 100 on every Linux the JDK runs on (getconf CLK_TCK).
    private static final long NANOS_PER_TICK = 10_000_000L;
    // cutime and cstime are fields 16 and 17; after the ") " that ends field 2 the first field is 3.
    private static final int CUTIME = 16 - 3;

    private ChildCpu() {
    }

    /** The ended children's CPU so far, or -1 where /proc/self/stat cannot be read. */
    static long nanos() {
        try {
            String stat = Files.readString(STAT);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CUTIME + 1])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

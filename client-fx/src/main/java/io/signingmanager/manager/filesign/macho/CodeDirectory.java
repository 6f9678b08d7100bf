package io.signingmanager.manager.filesign.macho;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * A SHA-256 CodeDirectory (0xfade0c02), version 0x20400 with the executable segment fields, 4 KiB
 * pages, as xnu's {@code cs_blobs.h} lays it out: the fixed fields, the identifier and team ID, the
 * special slots' hashes (slot n at {@code hashOffset - 32 n}) then one hash per page of code.
 */
final class CodeDirectory {
    static final int VERSION = 0x20400;
    static final int FIXED_SIZE = 88;
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    static final int HASH_SIZE = 32;
    private static final int HASH_TYPE_SHA256 = 2;
    static final int EXECSEG_MAIN_BINARY = 1;

    /** The executable segment: file offset and size, and the exec-seg flags. */
    record ExecSegment(long base, long limit, long flags) {
    }

    private CodeDirectory() {
    }

    static int pages(long codeLimit) {
        return (int) ((codeLimit + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** The highest special slot used: requirements (2) at least. */
    static int specialSlots(Map<Integer, byte[]> specialHashes) {
        return specialHashes.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * The CodeDirectory blob over {@code code[0, codeLimit)}; {@code specialHashes} by slot number
     * (absent slots hash to zeros); {@code teamId} may be {@code null}.
     */
    static byte[] build(byte[] code, int codeLimit, String identifier, String teamId, int flags, ExecSegment exec,
                        Map<Integer, byte[]> specialHashes) {
        byte[] ident = (identifier + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] team = teamId == null ? new byte[0] : (teamId + "\0").getBytes(StandardCharsets.UTF_8);
        int special = specialSlots(specialHashes);
        int pages = pages(codeLimit);
        int hashOffset = FIXED_SIZE + ident.length + team.length + special * HASH_SIZE;
        int length = hashOffset + pages * HASH_SIZE;
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putInt(Blobs.CODE_DIRECTORY).putInt(length).putInt(VERSION).putInt(flags).putInt(hashOffset)
                .putInt(FIXED_SIZE).putInt(special).putInt(pages).putInt(codeLimit)
                .put((byte) HASH_SIZE).put((byte) HASH_TYPE_SHA256).put((byte) 0).put((byte) PAGE_SHIFT)
                .putInt(0) // spare2
                .putInt(0) // scatterOffset
                .putInt(team.length == 0 ? 0 : FIXED_SIZE + ident.length)
                .putInt(0) // spare3
                .putLong(0) // codeLimit64: the limit fits in 32 bits
                .putLong(exec.base()).putLong(exec.limit()).putLong(exec.flags());
        out.put(ident).put(team);
        for (int slot = special; slot >= 1; slot--) {
            out.put(specialHashes.getOrDefault(slot, new byte[HASH_SIZE]));
        }
        MessageDigest sha256 = sha256();
        for (int page = 0; page < pages; page++) {
            int from = page * PAGE_SIZE;
            sha256.update(code, from, Math.min(PAGE_SIZE, codeLimit - from));
            out.put(sha256.digest());
        }
        return out.array();
    }

    /** The CDHash: the CodeDirectory's SHA-256, cut to 20 bytes as Apple's tools print and list it. */
    static byte[] cdHash(byte[] codeDirectory) {
        return Arrays.copyOf(sha256().digest(codeDirectory), 20);
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}

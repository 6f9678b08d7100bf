package io.signingmanager.manager.filesign.macho;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A universal ("fat") Mach-O as {@code <mach-o/fat.h>} defines it: big-endian header, one fat_arch per slice. */
final class UniversalBinary {
    static final int FAT_MAGIC = 0xcafebabe;
    private static final int FAT_MAGIC_64 = 0xcafebabf;
    private static final int ARCH_SIZE = 20;

    /** One slice with its fat_arch fields. */
    record Slice(int cpuType, int cpuSubtype, int align, byte[] data) {
    }

    private UniversalBinary() {
    }

    /** Java class files share the magic: their version (45 and up) sits where the slice count (a few) does. */
    static boolean isUniversal(byte[] data) {
        if (data.length < 8 || ByteBuffer.wrap(data).getInt(0) != FAT_MAGIC) {
            return false;
        }
        int count = ByteBuffer.wrap(data).getInt(4);
        return count >= 1 && count < 45;
    }

    static List<Slice> slices(byte[] data) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (in.getInt(0) == FAT_MAGIC_64) {
            throw new IOException("a 64-bit universal header (fat_arch_64) is not supported");
        }
        int count = in.getInt(4);
        if (count < 1 || count >= 45 || 8 + count * ARCH_SIZE > data.length) {
            throw new IOException("a universal header with " + count + " slices");
        }
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 8 + i * ARCH_SIZE;
            long offset = Integer.toUnsignedLong(in.getInt(at + 8));
            long size = Integer.toUnsignedLong(in.getInt(at + 12));
            if (offset + size > data.length) {
                throw new IOException("slice " + i + " runs past the end of the file");
            }
            slices.add(new Slice(in.getInt(at), in.getInt(at + 4), in.getInt(at + 16),
                    Arrays.copyOfRange(data, (int) offset, (int) (offset + size))));
        }
        return slices;
    }

    /** Where slice {@code index} starts in the file. */
    static int sliceOffset(byte[] data, int index) {
        return ByteBuffer.wrap(data).getInt(8 + index * ARCH_SIZE + 8);
    }

    /** The slices in that order, each at an offset aligned to its 2^align. */
    static byte[] join(List<Slice> slices) {
        long[] offsets = new long[slices.size()];
        long end = 8 + (long) slices.size() * ARCH_SIZE;
        for (int i = 0; i < slices.size(); i++) {
            long alignment = 1L << slices.get(i).align();
            offsets[i] = (end + alignment - 1) / alignment * alignment;
            end = offsets[i] + slices.get(i).data().length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(end));
        out.putInt(FAT_MAGIC).putInt(slices.size());
        for (int i = 0; i < slices.size(); i++) {
            Slice slice = slices.get(i);
            out.putInt(slice.cpuType()).putInt(slice.cpuSubtype()).putInt((int) offsets[i]).putInt(slice.data().length)
                    .putInt(slice.align());
        }
        for (int i = 0; i < slices.size(); i++) {
            out.put((int) offsets[i], slices.get(i).data());
        }
        return out.array();
    }
}

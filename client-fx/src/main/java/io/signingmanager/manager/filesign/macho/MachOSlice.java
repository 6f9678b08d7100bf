package io.signingmanager.manager.filesign.macho;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One thin 64-bit little-endian Mach-O (x86_64 or arm64): its header and load commands, as
 * {@code <mach-o/loader.h>} defines them. Only what signing reads.
 */
final class MachOSlice {
    static final int MH_MAGIC_64 = 0xfeedfacf;
    static final int MH_EXECUTE = 2;
    static final int HEADER_SIZE = 32;
    static final int LC_SEGMENT_64 = 0x19;
    static final int LC_CODE_SIGNATURE = 0x1d;
    static final int CPU_TYPE_X86_64 = 0x01000007;
    static final int CPU_TYPE_ARM64 = 0x0100000c;
    private static final int VM_PROT_EXECUTE = 4;

    /** A load command: its type and where it is in the slice. */
    record LoadCommand(int cmd, int offset, int size) {
    }

    /** An LC_SEGMENT_64 command's fields. */
    record Segment(String name, int commandOffset, long fileoff, long filesize, int initprot) {
        boolean executable() {
            return (initprot & VM_PROT_EXECUTE) != 0;
        }
    }

    final byte[] data;
    final int cpuType;
    final int fileType;
    final int sizeOfCommands;
    final List<LoadCommand> commands = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();

    private MachOSlice(byte[] data, int cpuType, int fileType, int sizeOfCommands) {
        this.data = data;
        this.cpuType = cpuType;
        this.fileType = fileType;
        this.sizeOfCommands = sizeOfCommands;
    }

    static boolean isMachO64(byte[] data) {
        return data.length >= HEADER_SIZE && le(data).getInt(0) == MH_MAGIC_64;
    }

    static MachOSlice parse(byte[] data) throws IOException {
        if (!isMachO64(data)) {
            throw new IOException("not a 64-bit little-endian Mach-O (32-bit and big-endian files are not signed)");
        }
        ByteBuffer in = le(data);
        int cpuType = in.getInt(4);
        if (cpuType != CPU_TYPE_X86_64 && cpuType != CPU_TYPE_ARM64) {
            throw new IOException(String.format("a Mach-O for CPU type 0x%x: only x86_64 and arm64 are signed", cpuType));
        }
        int count = in.getInt(16);
        MachOSlice slice = new MachOSlice(data, cpuType, in.getInt(12), in.getInt(20));
        int offset = HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            if (offset + 8 > HEADER_SIZE + slice.sizeOfCommands || offset + 8 > data.length) {
                throw new IOException("its load commands run past their declared size");
            }
            int cmd = in.getInt(offset);
            int size = in.getInt(offset + 4);
            if (size < 8 || offset + size > data.length) {
                throw new IOException("load command " + i + " has a bad size " + size);
            }
            slice.commands.add(new LoadCommand(cmd, offset, size));
            if (cmd == LC_SEGMENT_64) {
                String name = new String(data, offset + 8, 16, StandardCharsets.US_ASCII).replace("\0", "");
                slice.segments.add(new Segment(name, offset, in.getLong(offset + 40), in.getLong(offset + 48),
                        in.getInt(offset + 60)));
            }
            offset += size;
        }
        return slice;
    }

    /** The LC_CODE_SIGNATURE command, or {@code null}. */
    LoadCommand codeSignature() {
        return commands.stream().filter(command -> command.cmd == LC_CODE_SIGNATURE).findFirst().orElse(null);
    }

    Segment segment(String name) {
        return segments.stream().filter(segment -> segment.name.equals(name)).findFirst().orElse(null);
    }

    /** Where the code to hash ends: at the old signature, or at the end of the file. */
    int unsignedSize() throws IOException {
        LoadCommand signature = codeSignature();
        if (signature == null) {
            return data.length;
        }
        long offset = Integer.toUnsignedLong(le(data).getInt(signature.offset + 8));
        if (offset < HEADER_SIZE + sizeOfCommands || offset > data.length) {
            throw new IOException("its LC_CODE_SIGNATURE points outside the file (offset " + offset + ")");
        }
        return (int) offset;
    }

    /** 2^14 for arm64 (its page size), 2^12 for x86_64: the alignment of __LINKEDIT's vmsize and of the slice in a universal file. */
    int alignShift() {
        return cpuType == CPU_TYPE_ARM64 ? 14 : 12;
    }

    static ByteBuffer le(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }
}

package io.signingmanager.manager.filesign.macho;

import io.signingmanager.manager.filesign.SigningKey;
import io.signingmanager.manager.filesign.macho.MachOSlice.LoadCommand;
import io.signingmanager.manager.filesign.macho.MachOSlice.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs one thin Mach-O: drops an existing (or ad-hoc) signature, reserves the space of the new one
 * after the code (16-byte aligned), points LC_CODE_SIGNATURE at it (added when missing), stretches
 * __LINKEDIT over it, then hashes the pages and writes the SuperBlob: CodeDirectory (with a bundle's
 * Info.plist and resources in its special slots when given), requirements, entitlements (XML and DER)
 * when given, and the CMS signature.
 */
final class SliceSigner {
    /** Room for the CMS signature as ldid reserves it; more for a long chain or a time-stamp token. */
    private static final int CMS_RESERVE = 0x3000;
    private static final int LINKEDIT_COMMAND_SIZE = 16;

    private SliceSigner() {
    }

    static byte[] sign(byte[] input, MachOOptions options, SigningKey key, AppleCertificate apple) throws Exception {
        MachOSlice slice = MachOSlice.parse(input);
        Segment linkedit = slice.segment("__LINKEDIT");
        if (linkedit == null) {
            throw new IOException("it has no __LINKEDIT segment to hold a signature");
        }
        int unsigned = slice.unsignedSize();
        int limit = align(unsigned, 16);

        TreeMap<Integer, byte[]> blobs = new TreeMap<>();
        blobs.put(Blobs.SLOT_REQUIREMENTS, Requirements.designated(options.identifier(), apple));
        Entitlements entitlements = options.entitlements() == null ? null : Entitlements.parse(options.entitlements());
        if (entitlements != null) {
            blobs.put(Blobs.SLOT_ENTITLEMENTS, entitlements.xmlBlob());
            blobs.put(Blobs.SLOT_DER_ENTITLEMENTS, entitlements.derBlob());
        }
        Map<Integer, byte[]> specialHashes = new TreeMap<>();
        blobs.forEach((slot, blob) -> specialHashes.put(slot, CodeDirectory.sha256(blob)));
        if (options.seal() != null) {
            specialHashes.put(Blobs.SLOT_INFO_PLIST, options.seal().infoPlistSha256());
            specialHashes.put(Blobs.SLOT_RESOURCES, options.seal().codeResourcesSha256());
        }
        int reserved = reserve(blobs, specialHashes, limit, options, apple, key);

        byte[] output = new byte[limit + reserved];
        System.arraycopy(input, 0, output, 0, unsigned);
        writeCommands(slice, output, linkedit, limit, reserved);

        CodeDirectory.ExecSegment exec = execSegment(slice, entitlements == null ? 0 : entitlements.execSegFlags());
        byte[] codeDirectory = CodeDirectory.build(output, limit, options.identifier(), apple.teamId(), options.flags(),
                exec, specialHashes);
        byte[] cms = CmsSignature.sign(codeDirectory, key.privateKey(), key.chain(), key.provider(), options.timestampUrl());
        blobs.put(Blobs.SLOT_CODE_DIRECTORY, codeDirectory);
        blobs.put(Blobs.SLOT_SIGNATURE, Blobs.blob(Blobs.BLOB_WRAPPER, cms));
        byte[] signature = Blobs.superBlob(Blobs.EMBEDDED_SIGNATURE, blobs);
        if (signature.length > reserved) {
            throw new IOException("its signature takes " + signature.length + " bytes, more than the " + reserved + " reserved");
        }
        System.arraycopy(signature, 0, output, limit, signature.length);
        return output;
    }

    /** The CDHash of a signed slice's CodeDirectory, for the caller and the log. */
    static byte[] cdHash(byte[] signedSlice) throws IOException {
        return CodeDirectory.cdHash(blob(signedSlice, Blobs.SLOT_CODE_DIRECTORY));
    }

    /** The blob (with its magic and length) in that slot of a signed slice's SuperBlob. */
    static byte[] blob(byte[] signedSlice, int slot) throws IOException {
        MachOSlice slice = MachOSlice.parse(signedSlice);
        LoadCommand command = slice.codeSignature();
        if (command == null) {
            throw new IOException("it is not signed");
        }
        int offset = MachOSlice.le(signedSlice).getInt(command.offset() + 8);
        ByteBuffer superBlob = ByteBuffer.wrap(signedSlice, offset, signedSlice.length - offset).slice();
        for (int i = 0; i < superBlob.getInt(8); i++) {
            if (superBlob.getInt(12 + 8 * i) == slot) {
                int at = superBlob.getInt(16 + 8 * i);
                return Arrays.copyOfRange(signedSlice, offset + at, offset + at + superBlob.getInt(at + 4));
            }
        }
        throw new IOException("no blob in slot " + slot + " of its signature");
    }

    /**
     * The signature's size as ldid computes it (so that, with the same inputs, the header and so the
     * CDHash are the same): the blobs, the CodeDirectory with its hashes, 16-byte aligned, then the CMS room.
     */
    private static int reserve(Map<Integer, byte[]> blobs, Map<Integer, byte[]> specialHashes, int limit,
                               MachOOptions options, AppleCertificate apple, SigningKey key) throws Exception {
        int size = 12;
        for (byte[] blob : blobs.values()) {
            size += 8 + blob.length;
        }
        int directory = 8 + CodeDirectory.FIXED_SIZE + options.identifier().length() + 1 + apple.teamId().length() + 1;
        int hashes = (CodeDirectory.specialSlots(specialHashes) + CodeDirectory.pages(limit)) * CodeDirectory.HASH_SIZE;
        size = align(size + directory + hashes, 16);
        int certificates = 0;
        for (var certificate : key.chain()) {
            certificates += certificate.getEncoded().length;
        }
        int cms = Math.max(CMS_RESERVE, certificates + 4096 + (options.timestampUrl() == null ? 0 : 8192));
        return size + 8 + 8 + cms;
    }

    /** The load commands without the old LC_CODE_SIGNATURE, __LINKEDIT grown, the new LC_CODE_SIGNATURE last. */
    private static void writeCommands(MachOSlice slice, byte[] output, Segment linkedit, int limit, int reserved)
            throws IOException {
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        int count = 0;
        for (LoadCommand command : slice.commands) {
            if (command.cmd() == MachOSlice.LC_CODE_SIGNATURE) {
                continue;
            }
            byte[] copy = Arrays.copyOfRange(slice.data, command.offset(), command.offset() + command.size());
            if (command.offset() == linkedit.commandOffset()) {
                long fileSize = (long) limit + reserved - linkedit.fileoff();
                long alignment = 1L << slice.alignShift();
                ByteBuffer segment = MachOSlice.le(copy);
                segment.putLong(32, (fileSize + alignment - 1) / alignment * alignment);
                segment.putLong(48, fileSize);
            }
            commands.writeBytes(copy);
            count++;
        }
        commands.writeBytes(ByteBuffer.allocate(LINKEDIT_COMMAND_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MachOSlice.LC_CODE_SIGNATURE).putInt(LINKEDIT_COMMAND_SIZE).putInt(limit).putInt(reserved).array());
        count++;
        byte[] bytes = commands.toByteArray();
        int oldEnd = MachOSlice.HEADER_SIZE + slice.sizeOfCommands;
        int newEnd = MachOSlice.HEADER_SIZE + bytes.length;
        for (int i = oldEnd; i < newEnd; i++) {
            if (slice.data[i] != 0) {
                throw new IOException("it has no room after its load commands for LC_CODE_SIGNATURE (relink with"
                        + " -headerpad)");
            }
        }
        ByteBuffer header = MachOSlice.le(output);
        header.putInt(16, count).putInt(20, bytes.length);
        Arrays.fill(output, MachOSlice.HEADER_SIZE, Math.max(oldEnd, newEnd), (byte) 0);
        System.arraycopy(bytes, 0, output, MachOSlice.HEADER_SIZE, bytes.length);
    }

    /** The executable segments' span in the file (__TEXT), and whether this is a main executable. */
    private static CodeDirectory.ExecSegment execSegment(MachOSlice slice, long entitled) {
        long left = Long.MAX_VALUE;
        long right = 0;
        for (Segment segment : slice.segments) {
            if (segment.executable()) {
                left = Math.min(left, segment.fileoff());
                right = Math.max(right, segment.fileoff() + segment.filesize());
            }
        }
        long flags = entitled | (slice.fileType == MachOSlice.MH_EXECUTE ? CodeDirectory.EXECSEG_MAIN_BINARY : 0);
        return left == Long.MAX_VALUE ? new CodeDirectory.ExecSegment(0, 0, flags)
                : new CodeDirectory.ExecSegment(left, right - left, flags);
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}

package io.signingmanager.manager.filesign.macho;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.SortedMap;

/** The blob framing of xnu's {@code cs_blobs.h}: big-endian magic and length before the content; a SuperBlob indexes blobs by slot. */
final class Blobs {
    static final int EMBEDDED_SIGNATURE = 0xfade0cc0;
    static final int CODE_DIRECTORY = 0xfade0c02;
    static final int REQUIREMENT = 0xfade0c00;
    static final int REQUIREMENTS = 0xfade0c01;
    static final int EMBEDDED_ENTITLEMENTS = 0xfade7171;
    static final int BLOB_WRAPPER = 0xfade0b01;

    static final int SLOT_CODE_DIRECTORY = 0;
    static final int SLOT_INFO_PLIST = 1;
    static final int SLOT_REQUIREMENTS = 2;
    static final int SLOT_RESOURCES = 3;
    static final int SLOT_ENTITLEMENTS = 5;
    static final int SLOT_DER_ENTITLEMENTS = 7;
    static final int SLOT_SIGNATURE = 0x10000;

    private Blobs() {
    }

    /** {@code magic}, the whole length, then {@code content}. */
    static byte[] blob(int magic, byte[] content) {
        return ByteBuffer.allocate(8 + content.length).putInt(magic).putInt(8 + content.length).put(content).array();
    }

    /** A SuperBlob of those blobs by slot (ascending), each already framed. */
    static byte[] superBlob(int magic, SortedMap<Integer, byte[]> blobs) {
        int length = 12 + 8 * blobs.size() + blobs.values().stream().mapToInt(blob -> blob.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length).putInt(magic).putInt(length).putInt(blobs.size());
        int offset = 12 + 8 * blobs.size();
        for (Map.Entry<Integer, byte[]> entry : blobs.entrySet()) {
            out.putInt(entry.getKey()).putInt(offset);
            offset += entry.getValue().length;
        }
        blobs.values().forEach(out::put);
        return out.array();
    }
}

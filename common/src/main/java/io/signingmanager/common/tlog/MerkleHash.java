package io.signingmanager.common.tlog;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.security.MessageDigest;

/**
 * The hashes of an RFC 6962 / RFC 9162 Merkle tree over SHA-256: a leaf is {@code SHA-256(0x00 || data)},
 * an inner node {@code SHA-256(0x01 || left || right)}, and the empty tree's root {@code SHA-256()}. The
 * two prefixes keep a leaf from ever passing for a node.
 */
public final class MerkleHash {
    /** The size of every hash here. */
    public static final int SIZE = 32;
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleHash() {
    }

    public static byte[] leaf(byte[] data) {
        MessageDigest sha256 = HashAlgorithm.SHA256.newDigest();
        sha256.update(LEAF);
        return sha256.digest(data);
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = HashAlgorithm.SHA256.newDigest();
        sha256.update(NODE);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** The root of the tree of no leaves. */
    public static byte[] empty() {
        return HashAlgorithm.SHA256.newDigest().digest();
    }
}

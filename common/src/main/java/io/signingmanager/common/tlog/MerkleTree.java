package io.signingmanager.common.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The roots and proofs of RFC 9162 (section 2.1) over a tree's stored complete subtrees ({@link TreeNodes}):
 * a range of leaves that starts on a multiple of the largest power of two within it, as every range of the
 * RFC's recursive definitions does, is its complete subtrees from the largest down, folded from the right.
 * A root or an inclusion proof reads at most about 2 log2(n) nodes, a consistency proof about 3 log2(n).
 */
public final class MerkleTree {
    private final TreeNodes nodes;

    public MerkleTree(TreeNodes nodes) {
        this.nodes = nodes;
    }

    /** The root of the first {@code size} leaves (the empty tree's for 0). */
    public byte[] root(long size) {
        requireNonNegative(size, "size");
        return size == 0 ? MerkleHash.empty() : range(0, size);
    }

    /**
     * The audit path of leaf {@code index} in the tree of {@code size} leaves, nearest the leaf first
     * (RFC 9162 2.1.3.1, {@code PATH(m, D[n])}).
     */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("A tree of " + size + " leaves has no leaf " + index);
        }
        Descent descent = new Descent(index, size);
        while (descent.leaves() > 1) {
            descent.down(descent.m < descent.half());
        }
        return descent.hashes;
    }

    /**
     * The proof that the tree of {@code second} leaves extends the one of {@code first} (RFC 9162 2.1.4.1,
     * {@code PROOF(m, D[n])}); empty when the sizes are equal or {@code first} is 0.
     */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("No proof leads from a tree of " + first + " leaves to one of " + second);
        }
        Descent descent = new Descent(first, second);
        if (first == 0 || first == second) {
            return descent.hashes;
        }
        // SUBPROOF(m, D[from:to], whole): whole while the first tree's part is the left edge.
        boolean whole = true;
        while (descent.m != descent.leaves()) {
            whole &= descent.down(descent.m <= descent.half());
        }
        if (!whole) {
            descent.hashes.add(0, range(descent.from, descent.to));
        }
        return descent.hashes;
    }

    /**
     * The RFC's recursion from the root down, as a loop: the range of leaves it is in, {@code m} within it,
     * and the hashes taken so far, the deepest first (each level's hash follows the deeper levels').
     */
    private final class Descent {
        private final List<byte[]> hashes = new ArrayList<>();
        private long from;
        private long to;
        private long m;

        Descent(long m, long size) {
            this.m = m;
            this.to = size;
        }

        long leaves() {
            return to - from;
        }

        /** The size of the range's left subtree: the largest power of two below its size. */
        long half() {
            return largestPowerOfTwoBelow(leaves());
        }

        /** Into the left subtree, taking the right one's hash, if {@code left}; else the other way round. */
        boolean down(boolean left) {
            long k = half();
            if (left) {
                hashes.add(0, range(from + k, to));
                to = from + k;
            } else {
                hashes.add(0, range(from, from + k));
                from += k;
                m -= k;
            }
            return left;
        }
    }

    /** The hash of the leaves {@code from} (inclusive) to {@code to} (exclusive), a non-empty range. */
    private byte[] range(long from, long to) {
        List<byte[]> subtrees = new ArrayList<>();
        for (long at = from; at < to; ) {
            int level = 63 - Long.numberOfLeadingZeros(to - at);
            subtrees.add(nodes.node(level, at >> level));
            at += 1L << level;
        }
        byte[] hash = subtrees.get(subtrees.size() - 1);
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            hash = MerkleHash.node(subtrees.get(i), hash);
        }
        return hash;
    }

    /** The largest power of two smaller than {@code n}, for n of at least 2. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}

package io.signingmanager.common.tlog;

import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the proofs of {@link MerkleTree} without the tree, as a client or an auditor does: the
 * verification algorithms of RFC 9162, sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency). Each
 * answers false for any proof that does not hold, whatever its sizes, never an exception.
 */
public final class MerkleProofs {
    private MerkleProofs() {
    }

    /** Whether {@code proof} shows the leaf of that hash at {@code index} in the tree of {@code size} leaves and {@code root}. */
    public static boolean includes(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(proof) || leafHash.length != MerkleHash.SIZE) {
            return false;
        }
        Walk walk = new Walk(index, size - 1);
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (walk.sn == 0) {
                return false;
            }
            r = walk.siblingOnLeft() ? MerkleHash.node(p, r) : MerkleHash.node(r, p);
            walk.up();
        }
        return walk.sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows that the tree of {@code second} leaves and {@code secondRoot} extends the
     * tree of {@code first} leaves and {@code firstRoot}: it holds every leaf of it, in the same order.
     * The empty tree is extended by any tree; a tree extends itself only with an empty proof.
     */
    public static boolean extendsTree(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || first > second || !wellFormed(proof)) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, MerkleHash.empty());
        }
        if (proof.isEmpty()) {
            return false;
        }
        int at = 0;
        byte[] start;
        if (Long.bitCount(first) == 1) {
            start = firstRoot;
        } else {
            start = proof.get(at++);
        }
        Walk walk = new Walk(first - 1, second - 1);
        while ((walk.fn & 1) == 1) {
            walk.up();
        }
        byte[] fr = start;
        byte[] sr = start;
        for (; at < proof.size(); at++) {
            byte[] c = proof.get(at);
            if (walk.sn == 0) {
                return false;
            }
            if (walk.siblingOnLeft()) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
            } else {
                sr = MerkleHash.node(sr, c);
            }
            walk.up();
        }
        return walk.sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    /** RFC 9162's walk up a tree: {@code fn} the node's index on its level, {@code sn} the level's last node's. */
    private static final class Walk {
        private long fn;
        private long sn;

        Walk(long fn, long sn) {
            this.fn = fn;
            this.sn = sn;
        }

        /**
         * Whether the next hash of the proof is the left sibling; if so, it also climbs past the levels where
         * the node is a left child with no right sibling (the right edge of the tree).
         */
        boolean siblingOnLeft() {
            if ((fn & 1) == 0 && fn != sn) {
                return false;
            }
            while ((fn & 1) == 0 && fn != 0) {
                up();
            }
            return true;
        }

        void up() {
            fn >>= 1;
            sn >>= 1;
        }
    }

    /** Every hash of the right size, and no more than a tree of 2^63 leaves needs. */
    private static boolean wellFormed(List<byte[]> proof) {
        return proof.size() <= 2 * Long.SIZE && proof.stream().allMatch(hash -> hash != null && hash.length == MerkleHash.SIZE);
    }
}

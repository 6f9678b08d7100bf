package io.signingmanager.common.tlog;

/**
 * Where a Merkle tree keeps its nodes: the hash of each complete subtree, {@code level} 0 for the leaves'
 * hashes, the subtree at {@code index} of a level covering the leaves {@code index * 2^level} to
 * {@code (index + 1) * 2^level - 1}. Only complete subtrees have nodes; every root and proof of the tree
 * is made of them ({@link MerkleTree}), so each costs O(log n) reads.
 */
@FunctionalInterface
public interface TreeNodes {
    /** The hash of that complete subtree; it exists whenever the tree has its last leaf. */
    byte[] node(int level, long index);
}

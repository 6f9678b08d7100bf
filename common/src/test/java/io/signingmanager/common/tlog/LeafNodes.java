package io.signingmanager.common.tlog;

import java.util.List;

/** The complete subtrees of a list of leaves' data, computed from the leaves on each read. */
final class LeafNodes implements TreeNodes {
    private final List<byte[]> leaves;

    LeafNodes(List<byte[]> leaves) {
        this.leaves = leaves;
    }

    @Override
    public byte[] node(int level, long index) {
        long first = index << level;
        if (first + (1L << level) > leaves.size()) {
            throw new IllegalArgumentException("No complete subtree " + level + "/" + index + " in " + leaves.size() + " leaves");
        }
        return level == 0 ? MerkleHash.leaf(leaves.get((int) first))
                : MerkleHash.node(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
    }
}

package io.signingmanager.common.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A tree's right edge: its largest complete subtrees, one per set bit of its size, from the left. It is
 * all an append needs: each new leaf joins the edge and merges with the subtrees of its size, as a binary
 * count carries, and the nodes it completes are the ones to store ({@link TreeNodes}). The root is the
 * edge folded from the right. So a log appends and makes its new root without reading its stored nodes.
 */
public final class TreeEdge {
    /** A stored node: the complete subtree {@code index} of its {@code level}, and its hash. */
    public record Node(int level, long index, byte[] hash) {
    }

    private final List<Node> edge;
    private long size;

    private TreeEdge(List<Node> edge, long size) {
        this.edge = edge;
        this.size = size;
    }

    /** The edge of the empty tree. */
    public static TreeEdge empty() {
        return new TreeEdge(new ArrayList<>(), 0);
    }

    /** The edge of the tree of {@code size} leaves whose nodes those are (one read per set bit of the size). */
    public static TreeEdge of(long size, TreeNodes nodes) {
        if (size < 0) {
            throw new IllegalArgumentException("A tree has no negative size: " + size);
        }
        List<Node> edge = new ArrayList<>();
        long at = 0;
        for (int level = 63 - Long.numberOfLeadingZeros(Math.max(size, 1)); level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                edge.add(new Node(level, at >> level, nodes.node(level, at >> level)));
                at += 1L << level;
            }
        }
        return new TreeEdge(edge, size);
    }

    public long size() {
        return size;
    }

    /** An edge of the same tree that appends apart from this one. */
    public TreeEdge copy() {
        return new TreeEdge(new ArrayList<>(edge), size);
    }

    /** The edge's nodes, largest (leftmost) first: one per set bit of the size. */
    public List<Node> nodes() {
        return List.copyOf(edge);
    }

    /** Appends the leaf of that hash; answers the nodes it completes, the leaf's own first, to be stored. */
    public List<Node> append(byte[] leafHash) {
        List<Node> completed = new ArrayList<>();
        Node node = new Node(0, size, leafHash);
        completed.add(node);
        while (!edge.isEmpty() && edge.get(edge.size() - 1).level() == node.level()) {
            Node left = edge.remove(edge.size() - 1);
            node = new Node(node.level() + 1, left.index() >> 1, MerkleHash.node(left.hash(), node.hash()));
            completed.add(node);
        }
        edge.add(node);
        size++;
        return completed;
    }

    /** The root of the tree as it is now. */
    public byte[] root() {
        if (edge.isEmpty()) {
            return MerkleHash.empty();
        }
        byte[] hash = edge.get(edge.size() - 1).hash();
        for (int i = edge.size() - 2; i >= 0; i--) {
            hash = MerkleHash.node(edge.get(i).hash(), hash);
        }
        return hash;
    }
}

package io.signingmanager.common.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Appending through the edge stores exactly the complete subtrees, and its roots are the tree's. */
class TreeEdgeTest {
    @Test
    void appendingTheReferenceLeavesGivesTheReferenceRoots() {
        TreeEdge edge = TreeEdge.empty();
        assertThat(HexFormat.of().formatHex(edge.root())).isEqualTo(MerkleTreeTest.ROOTS.get(0));
        for (int i = 0; i < MerkleTreeTest.LEAVES.size(); i++) {
            edge.append(MerkleHash.leaf(MerkleTreeTest.LEAVES.get(i)));
            assertThat(HexFormat.of().formatHex(edge.root())).as("size " + (i + 1)).isEqualTo(MerkleTreeTest.ROOTS.get(i + 1));
        }
    }

    @Test
    void theNodesItCompletesAreTheTreesNodesAndAnEdgeReadBackAppendsTheSame() {
        List<byte[]> leaves = new ArrayList<>();
        Map<String, byte[]> stored = new HashMap<>();
        TreeNodes fromStore = (level, index) -> stored.get(level + "/" + index);
        TreeEdge edge = TreeEdge.empty();
        for (int i = 0; i < 100; i++) {
            leaves.add(new byte[] {(byte) i});
            List<TreeEdge.Node> completed = edge.append(MerkleHash.leaf(leaves.get(i)));
            assertThat(completed.size()).as("one node per carry").isEqualTo(1 + Integer.numberOfTrailingZeros(i + 1));
            completed.forEach(node -> stored.put(node.level() + "/" + node.index(), node.hash()));

            LeafNodes reference = new LeafNodes(leaves);
            for (TreeEdge.Node node : completed) {
                assertThat(node.hash()).isEqualTo(reference.node(node.level(), node.index()));
            }
            assertThat(edge.root()).isEqualTo(new MerkleTree(fromStore).root(i + 1));
            assertThat(TreeEdge.of(i + 1, fromStore).root()).as("the edge read back").isEqualTo(edge.root());
        }
        TreeEdge readBack = TreeEdge.of(100, fromStore);
        readBack.append(MerkleHash.leaf(new byte[] {100}));
        edge.append(MerkleHash.leaf(new byte[] {100}));
        assertThat(readBack.root()).isEqualTo(edge.root());
        assertThat(readBack.size()).isEqualTo(101);
    }
}

package io.signingmanager.common.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every honest proof verifies; every changed proof, leaf, root, index or size does not. */
class MerkleProofsTest {
    private static final int LEAVES = 40;

    private final List<byte[]> leaves = new ArrayList<>();
    private final MerkleTree tree;

    MerkleProofsTest() {
        for (int i = 0; i < LEAVES; i++) {
            leaves.add(new byte[] {(byte) i, 42});
        }
        tree = new MerkleTree(new LeafNodes(leaves));
    }

    @Test
    void everyInclusionProofVerifiesAndNothingElseDoes() {
        for (long n = 1; n <= LEAVES; n++) {
            byte[] root = tree.root(n);
            for (long m = 0; m < n; m++) {
                byte[] leaf = MerkleHash.leaf(leaves.get((int) m));
                List<byte[]> proof = tree.inclusionProof(m, n);
                assertThat(MerkleProofs.includes(m, n, leaf, proof, root)).as("leaf %d of %d", m, n).isTrue();

                assertThat(MerkleProofs.includes(m, n, MerkleHash.leaf(new byte[] {9}), proof, root)).isFalse();
                assertThat(MerkleProofs.includes(m, n, leaf, proof, tree.root(n - 1))).isFalse();
                // (The same path may also fit another size with the same root: the size is bound by the
                // signed checkpoint that names the root, not by the path.)
                if (n < LEAVES) {
                    assertThat(MerkleProofs.includes(m, n + 1, leaf, proof, tree.root(n + 1))).as("the next tree").isFalse();
                }
                if (n > 1) {
                    assertThat(MerkleProofs.includes((m + 1) % n, n, leaf, proof, root)).as("another index").isFalse();
                    assertThat(MerkleProofs.includes(m, n, leaf, flipped(proof), root)).as("a changed hash").isFalse();
                    assertThat(MerkleProofs.includes(m, n, leaf, proof.subList(1, proof.size()), root)).isFalse();
                }
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(root);
                assertThat(MerkleProofs.includes(m, n, leaf, longer, root)).as("a hash too many").isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndNothingElseDoes() {
        for (long n = 1; n <= LEAVES; n++) {
            for (long m = 1; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                byte[] first = tree.root(m);
                byte[] second = tree.root(n);
                assertThat(MerkleProofs.extendsTree(m, n, first, second, proof)).as("%d to %d", m, n).isTrue();

                if (m < n) {
                    assertThat(MerkleProofs.extendsTree(m, n, MerkleHash.leaf(new byte[] {9}), second, proof))
                            .as("a forked first tree").isFalse();
                    assertThat(MerkleProofs.extendsTree(m, n, first, tree.root(n - 1), proof)).as("a rolled back second")
                            .isFalse();
                    assertThat(MerkleProofs.extendsTree(m, n, first, second, flipped(proof))).isFalse();
                    assertThat(MerkleProofs.extendsTree(m, n, first, second, List.of())).isFalse();
                    assertThat(MerkleProofs.extendsTree(n, m, second, first, proof)).as("the sizes swapped").isFalse();
                }
            }
        }
        assertThat(MerkleProofs.extendsTree(0, 5, MerkleHash.empty(), tree.root(5), List.of())).isTrue();
        assertThat(MerkleProofs.extendsTree(5, 5, tree.root(5), tree.root(5), List.of())).isTrue();
        assertThat(MerkleProofs.extendsTree(5, 5, tree.root(5), tree.root(4), List.of())).isFalse();
    }

    @Test
    void malformedProofsAreFalseNotErrors() {
        byte[] root = tree.root(8);
        byte[] leaf = MerkleHash.leaf(leaves.get(3));
        List<byte[]> shortHash = new ArrayList<>(tree.inclusionProof(3, 8));
        shortHash.set(1, new byte[31]);
        assertThat(MerkleProofs.includes(3, 8, leaf, shortHash, root)).isFalse();
        assertThat(MerkleProofs.includes(-1, 8, leaf, tree.inclusionProof(3, 8), root)).isFalse();
        assertThat(MerkleProofs.includes(3, Long.MAX_VALUE, leaf, tree.inclusionProof(3, 8), root)).isFalse();
        List<byte[]> huge = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            huge.add(new byte[32]);
        }
        assertThat(MerkleProofs.includes(3, 8, leaf, huge, root)).isFalse();
        assertThat(MerkleProofs.extendsTree(-1, 8, root, root, List.of())).isFalse();
        assertThat(MerkleProofs.extendsTree(3, 8, root, root, huge)).isFalse();
    }

    private static List<byte[]> flipped(List<byte[]> proof) {
        List<byte[]> changed = new ArrayList<>();
        for (byte[] hash : proof) {
            changed.add(hash.clone());
        }
        changed.get(changed.size() - 1)[0] ^= 1;
        return changed;
    }
}

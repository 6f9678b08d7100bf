package io.signingmanager.common.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Roots and proofs against the RFC 6962 reference vectors (the eight leaves of the Certificate Transparency
 * reference implementation's tests, which RFC 9162's test vectors repeat), and against the RFC's recursive
 * definitions for every tree of up to 70 leaves.
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    static final List<byte[]> LEAVES = List.of(HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"),
            HEX.parseHex("2021"), HEX.parseHex("3031"), HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void theRootsAreTheReferenceRoots() {
        MerkleTree tree = new MerkleTree(new LeafNodes(LEAVES));
        for (int size = 0; size <= LEAVES.size(); size++) {
            assertThat(HEX.formatHex(tree.root(size))).as("size " + size).isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void theInclusionProofsAreTheReferenceProofs() {
        MerkleTree tree = new MerkleTree(new LeafNodes(LEAVES));
        assertThat(hex(tree.inclusionProof(0, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(tree.inclusionProof(5, 8))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(tree.inclusionProof(2, 3))).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(tree.inclusionProof(1, 5))).containsExactly(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(tree.inclusionProof(0, 1)).isEmpty();
    }

    @Test
    void theConsistencyProofsAreTheReferenceProofs() {
        MerkleTree tree = new MerkleTree(new LeafNodes(LEAVES));
        assertThat(tree.consistencyProof(1, 1)).isEmpty();
        assertThat(hex(tree.consistencyProof(1, 8))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(tree.consistencyProof(6, 8))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(tree.consistencyProof(2, 5))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    /** The RFC's recursive definitions of MTH, PATH and PROOF, computed from the leaves, for every size to 70. */
    @Test
    void everyRootAndProofIsTheRecursiveDefinitions() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            leaves.add(new byte[] {(byte) i, (byte) (i * 7)});
        }
        MerkleTree tree = new MerkleTree(new LeafNodes(leaves));
        List<byte[]> hashes = leaves.stream().map(MerkleHash::leaf).toList();
        for (int n = 1; n <= leaves.size(); n++) {
            List<byte[]> first = hashes.subList(0, n);
            assertThat(tree.root(n)).as("root %d", n).isEqualTo(Rfc9162.mth(first));
            for (int m = 0; m < n; m++) {
                assertThat(hex(tree.inclusionProof(m, n))).as("path %d of %d", m, n).isEqualTo(hex(Rfc9162.path(m, first)));
            }
            for (int m = 1; m < n; m++) {
                assertThat(hex(tree.consistencyProof(m, n))).as("proof %d to %d", m, n)
                        .isEqualTo(hex(Rfc9162.proof(m, first)));
            }
        }
    }

    /** A proof reads O(log n) stored nodes, not the leaves. */
    @Test
    void aProofReadsLogarithmicallyManyNodes() {
        AtomicInteger reads = new AtomicInteger();
        long size = (1L << 40) + 12345;
        MerkleTree tree = new MerkleTree((level, index) -> {
            reads.incrementAndGet();
            return MerkleHash.leaf(new byte[] {(byte) level, (byte) index});
        });
        tree.root(size);
        assertThat(reads.getAndSet(0)).isLessThanOrEqualTo(41);
        tree.inclusionProof(size - 2, size);
        assertThat(reads.getAndSet(0)).isLessThanOrEqualTo(2 * 41);
        tree.consistencyProof(size / 3, size);
        assertThat(reads.getAndSet(0)).isLessThanOrEqualTo(3 * 41);
    }

    @Test
    void aLeafOrSizeTheTreeDoesNotHaveIsRefused() {
        MerkleTree tree = new MerkleTree(new LeafNodes(LEAVES));
        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(-1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.root(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tree.consistencyProof(0, 8)).isEmpty();
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}

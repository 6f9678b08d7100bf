package io.signingmanager.common.tlog;

import java.util.ArrayList;
import java.util.List;

/** RFC 9162's definitions (2.1.1, 2.1.3.1, 2.1.4.1) word for word, over leaf hashes: the tests' reference. */
final class Rfc9162 {
    private Rfc9162() {
    }

    static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return MerkleHash.empty();
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = k(d.size());
        return MerkleHash.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> path = new ArrayList<>();
        if (d.size() == 1) {
            return path;
        }
        int k = k(d.size());
        if (m < k) {
            path.addAll(path(m, d.subList(0, k)));
            path.add(mth(d.subList(k, d.size())));
        } else {
            path.addAll(path(m - k, d.subList(k, d.size())));
            path.add(mth(d.subList(0, k)));
        }
        return path;
    }

    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> proof = new ArrayList<>();
        int n = d.size();
        if (m == n) {
            if (!b) {
                proof.add(mth(d));
            }
            return proof;
        }
        int k = k(n);
        if (m <= k) {
            proof.addAll(subproof(m, d.subList(0, k), b));
            proof.add(mth(d.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, d.subList(k, n), false));
            proof.add(mth(d.subList(0, k)));
        }
        return proof;
    }

    /** The largest power of two smaller than n. */
    private static int k(int n) {
        return Integer.highestOneBit(n - 1);
    }
}

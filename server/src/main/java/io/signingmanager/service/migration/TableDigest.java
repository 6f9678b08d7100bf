package io.signingmanager.service.migration;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * A table's rows and a digest of their content, to tell whether two databases hold the same table.
 * Each row is hashed (SHA-256 over its values, each with its length, in column order) and the row
 * hashes are added modulo 2<sup>256</sup>: the sum does not depend on the order rows are read in, so
 * H2's and PostgreSQL's different orderings of text (their collations) do not matter, and it takes
 * constant memory however long the audit is. Values are compared as what they mean: a time as its
 * instant (H2 answers an {@link OffsetDateTime} in the offset it was written with, PostgreSQL a
 * {@link Timestamp}), a number by its digits, bytes as bytes.
 */
record TableDigest(long rows, String sha256) {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    static TableDigest of(Connection connection, Schema.Table table) throws SQLException {
        MessageDigest sha256 = newSha256();
        BigInteger sum = BigInteger.ZERO;
        long rows = 0;
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery("SELECT " + table.columnList() + " FROM " + table.name())) {
                while (result.next()) {
                    for (int column = 1; column <= table.columns().size(); column++) {
                        add(sha256, result.getObject(column));
                    }
                    sum = sum.add(new BigInteger(1, sha256.digest())).mod(MODULUS);
                    rows++;
                }
            }
        }
        byte[] digest = sum.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(digest.length, 32);
        System.arraycopy(digest, digest.length - length, fixed, 32 - length, length);
        return new TableDigest(rows, HexFormat.of().formatHex(fixed));
    }

    /** The value's kind and length before its bytes: no two rows' values run together into the same input. */
    private static void add(MessageDigest digest, Object value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value instanceof byte[] raw ? raw : canonical(value).getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (value instanceof byte[] ? 1 : 2));
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static String canonical(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant().toString();
        }
        if (value instanceof BigDecimal number) {
            return number.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}

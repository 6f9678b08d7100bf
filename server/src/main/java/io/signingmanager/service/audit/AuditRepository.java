package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.WireName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code audit_records} and {@code audit_chain} tables. Records are only ever inserted or purged. */
final class AuditRepository {
    private static final String COLUMNS = "id, recorded_at, request_type, status, reason, api_key_id, api_key_name, "
            + "client_id, client_hostname, certificate_sha1, certificate_name, algorithm, remote_address, username, "
            + "context, previous_hash, record_hash, action, object_kind, object_id, object_name, before_state, "
            + "after_state, previous_time, retention_days, signed_digest, certificate_sha256, signature_sha256";

    /**
     * The head of the audit, locked until the transaction ends so appends line up across replicas;
     * {@code lastTime} is when the last record was written ({@code null} before the first). {@code log}
     * is the signing log's head, {@code null} in a purge's own reading.
     */
    record Head(long lastId, String lastHash, long purgedThrough, String anchorHash, Instant lastTime, LogHead log) {
    }

    /**
     * The signing log's head: its size, its right edge's hashes (32 bytes each, left to right), the latest
     * checkpoint ({@code null} before the first start) and the id of the record that is leaf 0.
     */
    record LogHead(long size, byte[] edge, String checkpoint, long firstLeafId) {
    }

    /**
     * Locks the chain head row until the transaction ends, then reads it. A no-op UPDATE takes the
     * same row lock as SELECT ... FOR UPDATE in H2 and PostgreSQL, but H2 caches its parsed plan,
     * while it parses a FOR UPDATE query anew each time (a tenth of a signature's cost here).
     */
    Head lockHead(Connection c) throws SQLException {
        Sql.update(c, "UPDATE audit_chain SET last_id = last_id WHERE id = 1");
        return head(c);
    }

    Head head(Connection c) throws SQLException {
        return Sql.one(c, "SELECT last_id, last_hash, purged_through, anchor_hash, last_time, tree_size, tree_edge, "
                        + "checkpoint, first_leaf_id FROM audit_chain WHERE id = 1",
                row -> new Head(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                        Sql.instant(row, "last_time"), new LogHead(row.getLong(6),
                        row.getBytes(7) == null ? new byte[0] : row.getBytes(7), row.getString(8), row.getLong(9))))
                .orElseThrow();
    }

    /** Inserts the record with the signing log's nodes its leaf completes ({@code log_nodes}). */
    void insert(Connection c, AuditRecord r, byte[] logNodes) throws SQLException {
        Sql.update(c, "INSERT INTO audit_records (" + COLUMNS + ", log_nodes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(), r.time(), r.requestType(), r.status(), r.reason(), r.apiKeyId(), r.apiKeyName(), r.clientId(),
                r.clientHostname(), r.certificateSha1(), r.certificateName(), r.algorithm(), r.remoteAddress(),
                r.username(), r.context().isEmpty() ? null : writeContext(r.context()), r.previousHash(), r.hash(),
                r.action(), r.objectKind(), r.objectId(), r.objectName(),
                r.before() == null ? null : writeContext(r.before()), r.after() == null ? null : writeContext(r.after()),
                r.previousTime(), r.retentionDays(), r.signedDigest(), r.certificateSha256(), r.signatureSha256(), logNodes);
    }

    /** Moves the head to the last record inserted and the log's head to its new checkpoint; once per batch of inserts. */
    void moveHead(Connection c, AuditRecord last, LogHead log) throws SQLException {
        Sql.update(c, "UPDATE audit_chain SET last_id = ?, last_hash = ?, last_time = ?, tree_size = ?, tree_edge = ?, "
                + "checkpoint = ? WHERE id = 1", last.id(), last.hash(), last.time(), log.size(), log.edge(),
                log.checkpoint());
    }

    /** Moves the log's head alone: its first checkpoint, or the records of before the log taken in. */
    void moveLogHead(Connection c, LogHead log) throws SQLException {
        Sql.update(c, "UPDATE audit_chain SET tree_size = ?, tree_edge = ?, checkpoint = ? WHERE id = 1", log.size(),
                log.edge(), log.checkpoint());
    }

    /**
     * Deletes the records older than the cutoff and moves the anchor to the last one deleted; the signing log's
     * nodes in their rows ({@code firstLeafId} the record of leaf 0) are kept in {@code log_nodes} first.
     */
    int purgeBefore(Connection c, Instant cutoff, long firstLeafId) throws SQLException {
        Optional<Head> last = Sql.one(c, "SELECT id, record_hash FROM audit_records WHERE recorded_at < ? "
                        + "ORDER BY id DESC LIMIT 1", row -> new Head(0, null, row.getLong(1), row.getString(2), null, null), cutoff);
        if (last.isEmpty()) {
            return 0;
        }
        LogNodes.keepBeforePurge(c, firstLeafId, last.get().purgedThrough());
        int deleted = Sql.update(c, "DELETE FROM audit_records WHERE id <= ?", last.get().purgedThrough());
        Sql.update(c, "UPDATE audit_chain SET purged_through = ?, anchor_hash = ? WHERE id = 1",
                last.get().purgedThrough(), last.get().anchorHash());
        return deleted;
    }

    List<AuditRecord> list(Connection c, AuditFilter f) throws SQLException {
        Where where = where(f);
        where.parameters.add(f.limit());
        where.parameters.add(f.offset());
        return Sql.list(c, "SELECT " + COLUMNS + " FROM audit_records" + where.sql + " ORDER BY id DESC LIMIT ? OFFSET ?",
                AuditRepository::map, where.parameters.toArray());
    }

    long count(Connection c, AuditFilter f) throws SQLException {
        Where where = where(f);
        return Sql.one(c, "SELECT COUNT(*) FROM audit_records" + where.sql, row -> row.getLong(1),
                where.parameters.toArray()).orElse(0L);
    }

    /** Records with ids after {@code afterId}, oldest first, at most {@code batch}. */
    List<AuditRecord> after(Connection c, long afterId, int batch) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM audit_records WHERE id > ? ORDER BY id LIMIT ?",
                AuditRepository::map, afterId, batch);
    }

    /** The records with ids in {@code [fromId, toId)}, of that client only unless {@code clientId} is {@code null}. */
    List<AuditRecord> range(Connection c, long fromId, long toId, String clientId) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM audit_records WHERE id >= ? AND id < ?"
                + (clientId == null ? "" : " AND client_id = ?") + " ORDER BY id", AuditRepository::map,
                clientId == null ? new Object[] {fromId, toId} : new Object[] {fromId, toId, clientId});
    }

    /**
     * The newest records (at most {@code limit}) of signatures of a file of that SHA-256 or of a signature of
     * that SHA-256 (lower-case hex, checked by the caller: it goes into a LIKE pattern), of that client only
     * unless {@code clientId} is {@code null}. A scan: forensic questions are rare, and an index would cost
     * every signature.
     */
    List<AuditRecord> signedWith(Connection c, String fileSha256, String signatureSha256, String clientId, int limit)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_records WHERE request_type = 'sign'");
        if (fileSha256 != null) {
            sql.append(" AND LOWER(context) LIKE ?");
            // The context as stored is Jackson's JSON, lower-cased whole here: its name too.
            parameters.add("%\"filesha256\":\"" + fileSha256 + "\"%");
        }
        if (signatureSha256 != null) {
            sql.append(" AND signature_sha256 = ?");
            parameters.add(signatureSha256);
        }
        if (clientId != null) {
            sql.append(" AND client_id = ?");
            parameters.add(clientId);
        }
        parameters.add(limit);
        return Sql.list(c, sql + " ORDER BY id DESC LIMIT ?", AuditRepository::map, parameters.toArray());
    }

    /** The filter's records with ids in {@code (afterId, throughId]}, oldest first, at most {@code limit}: an export's page. */
    List<AuditRecord> page(Connection c, AuditFilter f, long afterId, long throughId, int limit) throws SQLException {
        Where where = where(f);
        List<Object> parameters = new ArrayList<>(where.parameters);
        parameters.add(afterId);
        parameters.add(throughId);
        parameters.add(limit);
        return Sql.list(c, "SELECT " + COLUMNS + " FROM audit_records" + where.sql + (where.sql.isEmpty() ? " WHERE" : " AND")
                + " id > ? AND id <= ? ORDER BY id LIMIT ?", AuditRepository::map, parameters.toArray());
    }

    private record Where(String sql, List<Object> parameters) {
    }

    private static Where where(AuditFilter f) {
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        condition(sql, parameters, "recorded_at >= ?", f.from());
        condition(sql, parameters, "recorded_at < ?", f.to());
        condition(sql, parameters, "request_type = ?", wire(f.requestType()));
        condition(sql, parameters, "status = ?", wire(f.status()));
        condition(sql, parameters, "api_key_id = ?", f.apiKeyId());
        condition(sql, parameters, "client_id = ?", f.clientId());
        condition(sql, parameters, "action = ?", wire(f.action()));
        condition(sql, parameters, "username = ?", f.username());
        return new Where(sql.toString(), parameters);
    }

    private static String wire(WireName value) {
        return value == null ? null : value.wire();
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            sql.append(parameters.isEmpty() ? " WHERE " : " AND ").append(condition);
            parameters.add(value);
        }
    }

    private static AuditRecord map(ResultSet row) throws SQLException {
        return new AuditRecord(row.getLong("id"), Sql.instant(row, "recorded_at"), row.getString("request_type"),
                row.getString("status"), row.getString("reason"), row.getString("api_key_id"),
                row.getString("api_key_name"), row.getString("client_id"), row.getString("client_hostname"),
                row.getString("certificate_sha1"), row.getString("certificate_name"), row.getString("algorithm"),
                row.getString("remote_address"), row.getString("username"), readContext(row.getString("context")),
                row.getString("previous_hash"), row.getString("record_hash"), row.getString("action"),
                row.getString("object_kind"), row.getString("object_id"), row.getString("object_name"),
                readValues(row.getString("before_state")), readValues(row.getString("after_state")),
                Sql.instant(row, "previous_time"), row.getObject("retention_days", Integer.class),
                row.getString("signed_digest"), row.getString("certificate_sha256"), row.getString("signature_sha256"));
    }

    private static String writeContext(Map<String, String> context) {
        try {
            return Json.mapper().writeValueAsString(context);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit context cannot be serialised", e);
        }
    }

    /** Before and after values: like the context, but absent ones stay {@code null} rather than empty. */
    private static Map<String, String> readValues(String json) throws SQLException {
        return json == null ? null : readContext(json);
    }

    private static Map<String, String> readContext(String json) throws SQLException {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.mapper().readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("Stored audit context is not JSON", e);
        }
    }
}

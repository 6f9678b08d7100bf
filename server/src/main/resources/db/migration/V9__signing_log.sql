-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- The signing log: every audit record is a leaf of one append-only Merkle tree (RFC 6962 hashing),
-- leaf index = record id - first_leaf_id. What a sign record adds to the leaf: the data signed (a digest, or
-- for RSA_PKCS1_RAW up to the 512 bytes of a 4096-bit key; base64), the certificate's SHA-256 and the
-- signature's SHA-256 (hex).
ALTER TABLE audit_records ADD COLUMN signed_digest VARCHAR(700);
ALTER TABLE audit_records ADD COLUMN certificate_sha256 CHAR(64);
ALTER TABLE audit_records ADD COLUMN signature_sha256 CHAR(64);
-- Records from now on are not chained: record_hash is their leaf hash, previous_hash is empty.
ALTER TABLE audit_records ALTER COLUMN previous_hash DROP NOT NULL;

-- The hash of every complete subtree: level 0 the leaves, the node (level, index) covers the leaves
-- index * 2^level to last_leaf = (index + 1) * 2^level - 1. Keyed by its last leaf first: the nodes an append
-- completes share it, so a commit's nodes sit side by side in one page of the index. Kept when retention
-- purges records, so proofs still work.
CREATE TABLE log_nodes (
    last_leaf BIGINT   NOT NULL,
    level     SMALLINT NOT NULL,
    hash      BYTEA    NOT NULL,
    PRIMARY KEY (last_leaf, level)
);

-- The tree's head, with the chain's (locked by every append): its size, its right edge (the hashes of
-- its largest complete subtrees, left to right, 32 bytes each: all an append reads), the latest
-- checkpoint as a signed note, and the record that is leaf 0 (records older than the log, purged
-- before it began, are not in it; the ones kept are taken in at the first start).
ALTER TABLE audit_chain ADD COLUMN tree_size BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE audit_chain ADD COLUMN tree_edge BYTEA;
ALTER TABLE audit_chain ADD COLUMN checkpoint VARCHAR(1000);
ALTER TABLE audit_chain ADD COLUMN first_leaf_id BIGINT;
UPDATE audit_chain SET first_leaf_id = purged_through + 1;

-- The log's Ed25519 key, made at the first start: its name (the checkpoints' origin), its public key,
-- and its private key sealed under the master key (associated data 'log-key:<name>').
CREATE TABLE log_key (
    id                 INTEGER      PRIMARY KEY,
    name               VARCHAR(100) NOT NULL,
    public_key         BYTEA        NOT NULL,
    private_key_sealed BYTEA        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

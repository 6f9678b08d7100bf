-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- The signing log's nodes that a record's leaf completes above its own (levels 1, 2, ... in order, 32 bytes
-- each; none for a leaf at an even index) are stored in the record's row: an append then writes no row but
-- its records', where a log_nodes row per node cost a second index per commit. The record's leaf hash is its
-- record_hash. log_nodes keeps the nodes of the records written before this column (taken into the log, or
-- appended under V9) and takes those of the records retention purges, so proofs outlive the records.
ALTER TABLE audit_records ADD COLUMN log_nodes BYTEA;

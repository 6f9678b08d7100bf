-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- Admin actions in the audit: what was done (an action name) to which object, and the values it
-- changed before and after (JSON objects of names to values).
ALTER TABLE audit_records ADD COLUMN action VARCHAR(40);
ALTER TABLE audit_records ADD COLUMN object_kind VARCHAR(16);
ALTER TABLE audit_records ADD COLUMN object_id VARCHAR(64);
ALTER TABLE audit_records ADD COLUMN object_name VARCHAR(500);
ALTER TABLE audit_records ADD COLUMN before_state VARCHAR(65536);
ALTER TABLE audit_records ADD COLUMN after_state VARCHAR(65536);
-- When the record before was written, and the retention in force when this one was: hashed with the
-- record, so the first record kept after a purge shows whether the records before it were due.
ALTER TABLE audit_records ADD COLUMN previous_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE audit_records ADD COLUMN retention_days INTEGER;
CREATE INDEX audit_records_action ON audit_records (action);
CREATE INDEX audit_records_username ON audit_records (username);

-- The time of the last record, for the next record's previous_time.
ALTER TABLE audit_chain ADD COLUMN last_time TIMESTAMP WITH TIME ZONE;
UPDATE audit_chain SET last_time = (SELECT r.recorded_at FROM audit_records r WHERE r.id = audit_chain.last_id);

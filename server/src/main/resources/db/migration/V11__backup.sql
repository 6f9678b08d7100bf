-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- Scheduled backups of the embedded database (one row, id 1, while a schedule is set): the folder they
-- are written to, every how many hours, how many are kept, and the passphrase they are encrypted under,
-- sealed under the master key like every other secret.
CREATE TABLE backup_schedule (
    id                 INTEGER       PRIMARY KEY,
    folder             VARCHAR(1000) NOT NULL,
    interval_hours     INTEGER       NOT NULL,
    keep_count         INTEGER       NOT NULL,
    include_master_key BOOLEAN       NOT NULL,
    passphrase_sealed  BYTEA         NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row: the last backup written whole (from the command line, a page or the schedule), the schedule's
-- last attempt and its last failure.
CREATE TABLE backup_status (
    id              INTEGER PRIMARY KEY,
    good_at         TIMESTAMP WITH TIME ZONE,
    good_by         VARCHAR(200),
    good_file       VARCHAR(1200),
    good_bytes      BIGINT,
    attempt_at      TIMESTAMP WITH TIME ZONE,
    failure_at      TIMESTAMP WITH TIME ZONE,
    failure         VARCHAR(1000)
);
INSERT INTO backup_status (id) VALUES (1);

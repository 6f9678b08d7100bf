-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- Each set up, check and daily check of an automatic workflow: what kind, how it ended, when, and
-- its steps in order (what the workflow page shows). They go with the workflow.
CREATE TABLE automatic_runs (
    id          VARCHAR(36) PRIMARY KEY,
    workflow_id VARCHAR(36) NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    kind        VARCHAR(20) NOT NULL,
    outcome     VARCHAR(20) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX automatic_runs_workflow ON automatic_runs (workflow_id, started_at);

CREATE TABLE automatic_run_steps (
    run_id   VARCHAR(36)   NOT NULL REFERENCES automatic_runs (id) ON DELETE CASCADE,
    position INTEGER       NOT NULL,
    step     VARCHAR(2000) NOT NULL,
    PRIMARY KEY (run_id, position)
);

-- A private key the service generated for a certificate Apple has not issued yet, sealed under the
-- master key like a signing key (the row id as associated data). A retry after the certificate
-- limit or a failure uses it again instead of making a new key each time; the row goes once its
-- certificate is stored, or with its workflow.
CREATE TABLE automatic_pending_keys (
    id                 VARCHAR(36) PRIMARY KEY,
    workflow_id        VARCHAR(36) NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    certificate_type   VARCHAR(40) NOT NULL,
    public_key         BYTEA       NOT NULL,
    private_key_sealed BYTEA       NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (workflow_id, certificate_type)
);

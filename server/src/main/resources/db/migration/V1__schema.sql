-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

CREATE TABLE users (
    id                    VARCHAR(36)  PRIMARY KEY,
    username              VARCHAR(64)  NOT NULL UNIQUE,
    password_hash         VARCHAR(200) NOT NULL,
    admin                 BOOLEAN      NOT NULL,
    active                BOOLEAN      NOT NULL,
    must_change_password  BOOLEAN      NOT NULL,
    agreement_accepted_at TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE sessions (
    token_hash   VARCHAR(64) PRIMARY KEY,
    user_id      VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    subject        VARCHAR(200) PRIMARY KEY,
    failures       INTEGER      NOT NULL,
    window_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE
);

CREATE TABLE api_keys (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    key_sealed  BYTEA        NOT NULL,
    active      BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE clients (
    id            VARCHAR(36)  PRIMARY KEY,
    api_key_id    VARCHAR(36)  NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    token_hash    VARCHAR(64)  NOT NULL UNIQUE,
    hostname      VARCHAR(255) NOT NULL,
    platform      VARCHAR(255) NOT NULL,
    app_version   VARCHAR(64)  NOT NULL,
    active        BOOLEAN      NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_address  VARCHAR(64)
);
CREATE INDEX clients_api_key ON clients (api_key_id);

CREATE TABLE certificates (
    id                  VARCHAR(36)  PRIMARY KEY,
    sha1                CHAR(40)     NOT NULL UNIQUE,
    sha256              CHAR(64)     NOT NULL,
    common_name         VARCHAR(500) NOT NULL,
    subject             VARCHAR(2000) NOT NULL,
    issuer              VARCHAR(2000) NOT NULL,
    serial              VARCHAR(100) NOT NULL,
    not_before          TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after           TIMESTAMP WITH TIME ZONE NOT NULL,
    key_type            VARCHAR(8)   NOT NULL,
    key_size            INTEGER      NOT NULL,
    certificate         BYTEA        NOT NULL,
    chain               BYTEA        NOT NULL,
    private_key_sealed  BYTEA        NOT NULL,
    active              BOOLEAN      NOT NULL,
    all_keys_authorized BOOLEAN      NOT NULL,
    imported_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE certificate_api_keys (
    certificate_id VARCHAR(36) NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    api_key_id     VARCHAR(36) NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    PRIMARY KEY (certificate_id, api_key_id)
);

-- Append-only, hash-chained. Names are copied in so a record still reads after a key is deleted.
CREATE TABLE audit_records (
    id               BIGINT       PRIMARY KEY,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    request_type     VARCHAR(16)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    reason           VARCHAR(500),
    api_key_id       VARCHAR(36),
    api_key_name     VARCHAR(200),
    client_id        VARCHAR(36),
    client_hostname  VARCHAR(255),
    certificate_sha1 CHAR(40),
    certificate_name VARCHAR(500),
    algorithm        VARCHAR(32),
    remote_address   VARCHAR(64),
    username         VARCHAR(64),
    context          VARCHAR(4000),
    previous_hash    CHAR(64)     NOT NULL,
    record_hash      CHAR(64)     NOT NULL
);
CREATE INDEX audit_records_time ON audit_records (recorded_at);

-- One row: where the chain ends, and the hash before the oldest record kept (retention purges).
CREATE TABLE audit_chain (
    id             INTEGER  PRIMARY KEY,
    last_id        BIGINT   NOT NULL,
    last_hash      CHAR(64) NOT NULL,
    purged_through BIGINT   NOT NULL,
    anchor_hash    CHAR(64) NOT NULL
);
INSERT INTO audit_chain (id, last_id, last_hash, purged_through, anchor_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE license (
    id          INTEGER       PRIMARY KEY,
    content     VARCHAR(65536) NOT NULL,
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL
);

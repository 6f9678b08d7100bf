-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- Provisioning profiles as uploaded (content byte for byte), with the fields lists and checks read.
CREATE TABLE provisioning_profiles (
    id                     VARCHAR(36)  PRIMARY KEY,
    uuid                   VARCHAR(64)  NOT NULL UNIQUE,
    name                   VARCHAR(500) NOT NULL,
    team_id                VARCHAR(64)  NOT NULL,
    team_name              VARCHAR(500),
    app_id_name            VARCHAR(500),
    application_identifier VARCHAR(500) NOT NULL,
    platform               VARCHAR(100) NOT NULL,
    profile_type           VARCHAR(20)  NOT NULL,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    content                BYTEA        NOT NULL,
    uploaded_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX provisioning_profiles_application ON provisioning_profiles (application_identifier);

-- A named signing set-up for one app: its distribution, method and slots. A slot whose certificate
-- or profile is deleted empties (the workflow is then not ready) rather than blocking the delete.
CREATE TABLE workflows (
    id                         VARCHAR(36)  PRIMARY KEY,
    name                       VARCHAR(200) NOT NULL UNIQUE,
    bundle_id                  VARCHAR(255) NOT NULL,
    distribution               VARCHAR(20)  NOT NULL,
    signing_method             VARCHAR(20)  NOT NULL,
    application_certificate_id VARCHAR(36)  REFERENCES certificates (id) ON DELETE SET NULL,
    installer_certificate_id   VARCHAR(36)  REFERENCES certificates (id) ON DELETE SET NULL,
    profile_id                 VARCHAR(36)  REFERENCES provisioning_profiles (id) ON DELETE SET NULL,
    all_keys_authorized        BOOLEAN      NOT NULL,
    created_at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                 TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One profile slot per app extension, by the extension's bundle identifier.
CREATE TABLE workflow_extensions (
    workflow_id VARCHAR(36)  NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    bundle_id   VARCHAR(255) NOT NULL,
    profile_id  VARCHAR(36)  REFERENCES provisioning_profiles (id) ON DELETE SET NULL,
    PRIMARY KEY (workflow_id, bundle_id)
);

-- The API keys that may fetch a workflow when not all may.
CREATE TABLE workflow_api_keys (
    workflow_id VARCHAR(36) NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    api_key_id  VARCHAR(36) NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    PRIMARY KEY (workflow_id, api_key_id)
);

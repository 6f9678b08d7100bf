-- Portable SQL: runs on H2 (PostgreSQL mode) and on PostgreSQL.

-- App Store Connect API keys. The .p8 private key is sealed under the master key like a signing key
-- and never shown again; the team is filled in once a call has told us which team the key reaches.
CREATE TABLE connect_keys (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL UNIQUE,
    issuer_id    VARCHAR(64)  NOT NULL,
    key_id       VARCHAR(64)  NOT NULL UNIQUE,
    p8_sealed    BYTEA        NOT NULL,
    team_id      VARCHAR(64),
    team_name    VARCHAR(500),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE
);

-- An automatic workflow names the API key it signs up with (a key in use cannot be deleted) and
-- whether the app is a Mac Catalyst app (its store profile is then MAC_CATALYST_APP_STORE).
ALTER TABLE workflows ADD COLUMN connect_key_id VARCHAR(36) REFERENCES connect_keys (id);
ALTER TABLE workflows ADD COLUMN mac_catalyst BOOLEAN NOT NULL DEFAULT FALSE;

-- Certificates and profiles the service created through the API: Apple's resource id. Only these
-- are ever renewed, regenerated, revoked or deleted by the service; uploaded ones have none.
ALTER TABLE certificates ADD COLUMN portal_id VARCHAR(64);
ALTER TABLE provisioning_profiles ADD COLUMN portal_id VARCHAR(64);

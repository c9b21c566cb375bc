-- mcp-oauth JDBC schema, version 1. Placeholders: ${prefix} (mcp.oauth.jdbc.table-prefix), ${text} (the
-- database's unbounded text type), ${ifNotExists}. Times are epoch milliseconds (BIGINT, UTC); lists are
-- newline-separated. Every key is a SHA-256 hash (base64url) of a secret, never the secret itself.
-- Every statement is idempotent: H2 and Derby commit DDL one statement at a time.

CREATE TABLE ${ifNotExists}${prefix}clients (
    client_id VARCHAR(2048) NOT NULL PRIMARY KEY,
    name ${text} NOT NULL,
    secret_hash VARCHAR(255) NOT NULL,
    auth_method VARCHAR(64) NOT NULL,
    redirect_uris ${text} NOT NULL,
    scopes ${text} NOT NULL,
    grant_types ${text} NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);
CREATE INDEX ${ifNotExists}${prefix}clients_expires_idx ON ${prefix}clients (expires_at);

CREATE TABLE ${ifNotExists}${prefix}codes (
    code_hash VARCHAR(255) NOT NULL PRIMARY KEY,
    grant_id VARCHAR(255) NOT NULL,
    client_id ${text} NOT NULL,
    subject ${text} NOT NULL,
    redirect_uri ${text} NOT NULL,
    scope ${text} NOT NULL,
    resources ${text} NOT NULL,
    code_challenge VARCHAR(255) NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    consumed_at BIGINT
);
CREATE INDEX ${ifNotExists}${prefix}codes_expires_idx ON ${prefix}codes (expires_at);

CREATE TABLE ${ifNotExists}${prefix}access_tokens (
    token_hash VARCHAR(255) NOT NULL PRIMARY KEY,
    grant_id VARCHAR(255) NOT NULL,
    client_id ${text} NOT NULL,
    subject ${text} NOT NULL,
    scope ${text} NOT NULL,
    resources ${text} NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}access_tokens_grant_idx ON ${prefix}access_tokens (grant_id);
CREATE INDEX ${ifNotExists}${prefix}access_tokens_expires_idx ON ${prefix}access_tokens (expires_at);

CREATE TABLE ${ifNotExists}${prefix}refresh_tokens (
    token_hash VARCHAR(255) NOT NULL PRIMARY KEY,
    grant_id VARCHAR(255) NOT NULL,
    client_id ${text} NOT NULL,
    subject ${text} NOT NULL,
    scope ${text} NOT NULL,
    resources ${text} NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    rotated BOOLEAN NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}refresh_tokens_grant_idx ON ${prefix}refresh_tokens (grant_id);
CREATE INDEX ${ifNotExists}${prefix}refresh_tokens_expires_idx ON ${prefix}refresh_tokens (expires_at);

CREATE TABLE ${ifNotExists}${prefix}revoked_grants (
    grant_id VARCHAR(255) NOT NULL PRIMARY KEY,
    keep_until BIGINT NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}revoked_grants_until_idx ON ${prefix}revoked_grants (keep_until);

CREATE TABLE ${ifNotExists}${prefix}pending_authorizations (
    id_hash VARCHAR(255) NOT NULL PRIMARY KEY,
    client_id ${text} NOT NULL,
    redirect_uri ${text} NOT NULL,
    scope ${text} NOT NULL,
    resources ${text} NOT NULL,
    state ${text} NOT NULL,
    code_challenge VARCHAR(255) NOT NULL,
    expires_at BIGINT NOT NULL,
    subject ${text} NOT NULL,
    csrf_hash VARCHAR(255) NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}pending_expires_idx ON ${prefix}pending_authorizations (expires_at);

CREATE TABLE ${ifNotExists}${prefix}consents (
    subject VARCHAR(1024) NOT NULL,
    client_id VARCHAR(2048) NOT NULL,
    scopes ${text} NOT NULL,
    resources ${text} NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (subject, client_id)
);
CREATE INDEX ${ifNotExists}${prefix}consents_expires_idx ON ${prefix}consents (expires_at);

-- mcp-oauth JDBC schema, version 5: the ids (jti) of signed grants and client assertions already used, each until
-- the time its JWT could no longer be accepted (RFC 7523 3). id_hash is a SHA-256 digest (base64url) of the id
-- and its issuer; expires_at in epoch milliseconds.

CREATE TABLE ${ifNotExists}${prefix}used_ids (
    id_hash VARCHAR(255) NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}used_ids_expires_idx ON ${prefix}used_ids (expires_at);

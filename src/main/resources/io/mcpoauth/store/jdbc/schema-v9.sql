-- mcp-oauth JDBC schema, version 9: the signing keys the server generated for its JWT access tokens, one per
-- rotation slot. signs_from (epoch milliseconds) names the slot: its primary key lets exactly one instance store
-- the slot's key. sealed_key is the private JWK encrypted with the operator's key-encryption key (AES-256-GCM);
-- expires_at is when no token the key signed can still be accepted, after which the row is purged.

CREATE TABLE ${ifNotExists}${prefix}signing_keys (
    signs_from BIGINT NOT NULL PRIMARY KEY,
    kid VARCHAR(128) NOT NULL,
    algorithm VARCHAR(16) NOT NULL,
    signs_until BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    sealed_key VARCHAR(8192) NOT NULL
);

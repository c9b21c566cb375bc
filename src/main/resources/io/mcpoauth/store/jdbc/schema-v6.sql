-- mcp-oauth JDBC schema, version 6: the public keys of private_key_jwt clients (RFC 7523 2.2, RFC 7591 2): the
-- JWK set as JSON, or the URL it is fetched from, and the signing algorithms allowed (newline-separated; '' means
-- the server's). '' means none, which is also what rows written before this version read as.

ALTER TABLE ${prefix}clients ADD COLUMN ${ifNotExists}jwks ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}clients ADD COLUMN ${ifNotExists}jwks_uri ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}clients ADD COLUMN ${ifNotExists}assertion_algorithms ${text} DEFAULT '' NOT NULL;

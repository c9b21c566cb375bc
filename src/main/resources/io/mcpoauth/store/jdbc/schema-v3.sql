-- mcp-oauth JDBC schema, version 3: the redirect URIs a user approved a client for, kept with the remembered
-- consent (RFC 8252 8.6: any local process can listen on a loopback port, so a public client's consent covers
-- only the URIs it was given for). Newline-separated; '' means none, which is also what rows written before
-- this version read as: their public clients are asked again.

ALTER TABLE ${prefix}consents ADD COLUMN ${ifNotExists}redirect_uris ${text} DEFAULT '' NOT NULL;

-- mcp-oauth JDBC schema, version 4: when a refresh token's grant began (the code exchange), copied to every
-- successor so that rotation never extends a grant past mcp.oauth.token.grant-max-lifetime. Epoch milliseconds;
-- NULL, which is what rows written before this version hold, reads as the row's own issued_at.

ALTER TABLE ${prefix}refresh_tokens ADD COLUMN ${ifNotExists}grant_started_at BIGINT;

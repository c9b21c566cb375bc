-- mcp-oauth JDBC schema, version 7: the issuer URL of the enterprise identity provider whose grant named the user
-- (Enterprise-Managed Authorization), kept with every grant row beside subject_email and subject_groups. '' means
-- none (gateway logins, the demo form, machine grants), which is also what rows written before this version read
-- as.

ALTER TABLE ${prefix}pending_authorizations ADD COLUMN ${ifNotExists}subject_idp ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}codes ADD COLUMN ${ifNotExists}subject_idp ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}access_tokens ADD COLUMN ${ifNotExists}subject_idp ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}refresh_tokens ADD COLUMN ${ifNotExists}subject_idp ${text} DEFAULT '' NOT NULL;

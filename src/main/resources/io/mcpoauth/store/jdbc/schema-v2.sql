-- mcp-oauth JDBC schema, version 2: the e-mail address and groups the SSO gateway sends with the user, kept
-- with every grant row (pending request, code, tokens). Groups are newline-separated; '' means none, which
-- is also what rows written before this version read as.

ALTER TABLE ${prefix}pending_authorizations ADD COLUMN ${ifNotExists}subject_email ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}pending_authorizations ADD COLUMN ${ifNotExists}subject_groups ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}codes ADD COLUMN ${ifNotExists}subject_email ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}codes ADD COLUMN ${ifNotExists}subject_groups ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}access_tokens ADD COLUMN ${ifNotExists}subject_email ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}access_tokens ADD COLUMN ${ifNotExists}subject_groups ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}refresh_tokens ADD COLUMN ${ifNotExists}subject_email ${text} DEFAULT '' NOT NULL;
ALTER TABLE ${prefix}refresh_tokens ADD COLUMN ${ifNotExists}subject_groups ${text} DEFAULT '' NOT NULL;

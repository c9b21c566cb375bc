-- mcp-oauth JDBC schema, version 8: the index of live grants (token families) by subject and by client, for the
-- admin API and offboarding, and the subjects refused until a time. Subjects and client ids are unbounded text,
-- so the indexes key them by their SHA-256 hash (base64url), beside the text itself. grant_id compares byte by
-- byte (${binary}), so a listing's order and its cursors are the same on every database. Times are epoch
-- milliseconds; resources are newline-separated.

CREATE TABLE ${ifNotExists}${prefix}grants (
    grant_id VARCHAR(255)${binary} NOT NULL PRIMARY KEY,
    client_id ${text} NOT NULL,
    client_hash VARCHAR(64) NOT NULL,
    subject ${text} NOT NULL,
    subject_hash VARCHAR(64) NOT NULL,
    scope ${text} NOT NULL,
    resources ${text} NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}grants_subject_idx ON ${prefix}grants (subject_hash, grant_id);
CREATE INDEX ${ifNotExists}${prefix}grants_client_idx ON ${prefix}grants (client_hash, grant_id);
CREATE INDEX ${ifNotExists}${prefix}grants_expires_idx ON ${prefix}grants (expires_at);

CREATE TABLE ${ifNotExists}${prefix}subject_blocks (
    subject_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    subject ${text} NOT NULL,
    blocked_until BIGINT NOT NULL
);
CREATE INDEX ${ifNotExists}${prefix}subject_blocks_until_idx ON ${prefix}subject_blocks (blocked_until);

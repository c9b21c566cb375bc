package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The rows of {@code <prefix>access_tokens} and {@code <prefix>refresh_tokens}: their columns, how a record
 * becomes a row and back, and the condition that hides the tokens of a revoked grant. Shared by the token store
 * and its export and import.
 */
final class TokenRows {

    /** An access token row's columns. */
    static final String COLUMNS = "token_hash, grant_id, client_id, subject, scope, resources, issued_at, "
            + "expires_at, subject_email, subject_groups, subject_idp";
    /** A refresh token row's columns: a token's, then its rotation flag and its grant's start. */
    static final String REFRESH_COLUMNS = COLUMNS + ", rotated, grant_started_at";

    final String access;
    final String refresh;
    final String revoked;
    /** A condition on a token row aliased {@code t}: its grant is not revoked at the bound time. */
    final String grantLive;

    TokenRows(Database db) {
        Objects.requireNonNull(db, "db");
        this.access = db.table("access_tokens");
        this.refresh = db.table("refresh_tokens");
        this.revoked = db.table("revoked_grants");
        this.grantLive = "NOT EXISTS (SELECT 1 FROM " + revoked + " r WHERE r.grant_id = t.grant_id "
                + "AND r.keep_until > ?)";
    }

    int insertAccess(Connection c, AccessTokenRecord token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(JdbcTable.insertInto(access, COLUMNS))) {
            return Columns.bind(s, values(token)).executeUpdate();
        }
    }

    int insertRefresh(Connection c, RefreshTokenRecord token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(JdbcTable.insertInto(refresh, REFRESH_COLUMNS))) {
            return Columns.bind(s, values(token)).executeUpdate();
        }
    }

    /** An access token's values, in the order of {@link #COLUMNS}. */
    static Object[] values(AccessTokenRecord token) {
        Grant g = token.grant();
        return new Object[] {token.tokenHash(), g.grantId(), g.clientId(), g.subject(), g.scope(),
            Columns.list(g.resources()), token.issuedAt(), token.expiresAt(), g.attributes().email(),
            Columns.list(g.attributes().groups()), g.attributes().idp()};
    }

    /** A refresh token's values, in the order of {@link #REFRESH_COLUMNS}. */
    static Object[] values(RefreshTokenRecord token) {
        Grant g = token.grant();
        return new Object[] {token.tokenHash(), g.grantId(), g.clientId(), g.subject(), g.scope(),
            Columns.list(g.resources()), token.issuedAt(), token.expiresAt(), g.attributes().email(),
            Columns.list(g.attributes().groups()), g.attributes().idp(), token.rotated(), token.grantStartedAt()};
    }

    static AccessTokenRecord accessToken(ResultSet rs) throws SQLException {
        return new AccessTokenRecord(rs.getString("token_hash"), Columns.grant(rs), Columns.instant(rs, "issued_at"),
                Columns.instant(rs, "expires_at"));
    }

    static RefreshTokenRecord refreshToken(ResultSet rs) throws SQLException {
        return new RefreshTokenRecord(rs.getString("token_hash"), Columns.grant(rs),
                Columns.instant(rs, "issued_at"), Columns.instant(rs, "expires_at"), rs.getBoolean("rotated"),
                Columns.nullableInstant(rs, "grant_started_at"));
    }
}

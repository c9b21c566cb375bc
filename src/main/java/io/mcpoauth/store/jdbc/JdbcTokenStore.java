package io.mcpoauth.store.jdbc;

import static io.mcpoauth.store.jdbc.TokenRows.COLUMNS;
import static io.mcpoauth.store.jdbc.TokenRows.REFRESH_COLUMNS;
import static io.mcpoauth.store.jdbc.TokenRows.accessToken;
import static io.mcpoauth.store.jdbc.TokenRows.refreshToken;

import io.mcpoauth.lang.Require;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.RefreshRotation;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.Successors;
import io.mcpoauth.store.SuccessorRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Access tokens, refresh tokens and revoked-grant markers in {@code <prefix>access_tokens},
 * {@code <prefix>refresh_tokens} and {@code <prefix>revoked_grants}.
 *
 * <p>{@link #rotateAndIssue} runs in one transaction: {@code UPDATE ... SET rotated = TRUE WHERE
 * token_hash = ? AND rotated = FALSE} plus the client and liveness conditions, then, only when that updated one
 * row, the read of the presented row and the insert of the successor built from it. The database runs the update
 * atomically per row, also across server instances, so of any number of concurrent callers exactly one rotates
 * and only its successor is stored; every other (its update blocked until the winner commits, then matching no
 * row) reads the row rotated and revokes the grant in the same transaction. The successor's
 * {@code expires_at}, capped by the caller at its grant's end, is inserted in that transaction: the cap on a
 * grant's life needs no check of its own here. The access token issued with the successor, if any, is inserted
 * in the same transaction. On PostgreSQL the same decision is one or two data-modifying statements instead,
 * which also refuse a blocked subject ({@link PostgresRotation}).
 *
 * <p>{@link #revokeGrant} runs in one transaction too: the marker {@code grant_id -> keep_until} (never
 * shortened) and the deletion of every token of the grant. The marker also hides tokens saved after it.
 */
final class JdbcTokenStore implements AccessTokenStore, RefreshTokenStore, GrantRevocationStore {

    private final Database db;
    private final TokenRows rows;
    private final String access;
    private final String refresh;
    private final String revoked;
    /** {@link TokenRows#grantLive}. */
    private final String grantLive;
    /** The rotation on PostgreSQL, in one or two statements. */
    private final PostgresRotation postgres;

    JdbcTokenStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.rows = new TokenRows(db);
        this.access = rows.access;
        this.refresh = rows.refresh;
        this.revoked = rows.revoked;
        this.grantLive = rows.grantLive;
        this.postgres = new PostgresRotation(db, rows, this);
    }

    @Override
    public void saveAccessToken(AccessTokenRecord token, Instant now) {
        Objects.requireNonNull(token, "token");
        if (token.isExpired(now)) {
            return;
        }
        db.call("save access token", c -> rows.insertAccess(c, token));
    }

    @Override
    public Optional<AccessTokenRecord> findAccessToken(String tokenHash, Instant now) {
        return db.idempotent("find access token", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM " + access
                    + " t WHERE t.token_hash = ? AND t.expires_at > ? AND " + grantLive), tokenHash, now, now);
                    ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(accessToken(rs)) : Optional.empty();
            }
        });
    }

    /** A DELETE of the live row first, so its row count says whether a live token was removed. */
    @Override
    public boolean revokeAccessToken(String tokenHash, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.call("revoke access token", c -> {
            try (PreparedStatement live = c.prepareStatement("DELETE FROM " + access + " t WHERE t.token_hash = ? "
                    + "AND t.expires_at > ? AND " + grantLive)) {
                if (Columns.bind(live, tokenHash, now, now).executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement dead = c.prepareStatement("DELETE FROM " + access + " WHERE token_hash = ?")) {
                Columns.bind(dead, tokenHash).executeUpdate();
                return false;
            }
        });
    }

    @Override
    public void saveRefreshToken(RefreshTokenRecord token, Instant now) {
        Objects.requireNonNull(token, "token");
        if (token.isExpired(now)) {
            return;
        }
        db.call("save refresh token", c -> rows.insertRefresh(c, token));
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash, Instant now) {
        return db.idempotent("find refresh token", c -> liveRefresh(c, tokenHash, now));
    }

    /** On PostgreSQL, with a rule, one statement ({@link PostgresRotation}); elsewhere as without one. */
    @Override
    public RefreshRotation rotateAndIssue(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, Function<RefreshTokenRecord, Successors> successorOf, SuccessorRule rule) {
        if (rule == null || db.dialect() != Dialect.POSTGRESQL) {
            return rotateAndIssue(presentedHash, clientId, now, reuseRevokesUntil, successorOf);
        }
        Require.nonNull("presentedHash, clientId, now, reuseRevokesUntil, successorOf", presentedHash, clientId, now,
                reuseRevokesUntil, successorOf);
        return postgres.rotate(presentedHash, clientId, now, reuseRevokesUntil, successorOf, rule);
    }

    @Override
    public RefreshRotation rotateAndIssue(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, Function<RefreshTokenRecord, Successors> successorOf) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(reuseRevokesUntil, "reuseRevokesUntil");
        Objects.requireNonNull(successorOf, "successorOf");
        if (db.dialect() == Dialect.POSTGRESQL) {
            return postgres.rotate(presentedHash, clientId, now, reuseRevokesUntil, successorOf);
        }
        return db.transaction("rotate refresh token", c -> {
            boolean won;
            try (PreparedStatement s = c.prepareStatement("UPDATE " + refresh + " t SET rotated = ? "
                    + "WHERE t.token_hash = ? AND t.client_id = ? AND t.rotated = ? AND t.expires_at > ? AND "
                    + grantLive)) {
                // RFC 9700 4.14.2: the presented token is rotated once; the row count says who rotated it.
                won = Columns.bind(s, true, presentedHash, clientId, false, now, now).executeUpdate() == 1;
            }
            Optional<RefreshTokenRecord> found = liveRefresh(c, presentedHash, now)
                    .filter(t -> t.grant().clientId().equals(clientId));
            if (found.isEmpty() || !found.get().rotated()) {
                return RefreshRotation.NOT_FOUND;
            }
            RefreshTokenRecord presented = found.get();
            if (!won) {
                if (reuseRevokesUntil.isAfter(now)) {
                    revoke(c, presented.grant().grantId(), reuseRevokesUntil);
                }
                return new RefreshRotation.Reused(presented);
            }
            // The row as it was: the successor is built from the live, unrotated token; a refusal rolls back.
            RefreshTokenRecord unrotated = new RefreshTokenRecord(presented.tokenHash(), presented.grant(),
                    presented.issuedAt(), presented.expiresAt(), false, presented.grantStartedAt());
            Successors made = Objects.requireNonNull(successorOf.apply(unrotated), "successor");
            RefreshTokenRecord successor = made.refreshToken();
            if (successor.tokenHash().equals(presentedHash)) {
                throw new IllegalArgumentException("the successor must have its own hash");
            }
            rows.insertRefresh(c, successor);
            if (made.accessToken() != null && !made.accessToken().isExpired(now)) {
                rows.insertAccess(c, made.accessToken());
            }
            return new RefreshRotation.Rotated(unrotated, successor);
        });
    }

    private Optional<RefreshTokenRecord> liveRefresh(Connection c, String tokenHash, Instant now)
            throws SQLException {
        try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + REFRESH_COLUMNS + " FROM "
                + refresh + " t WHERE t.token_hash = ? AND t.expires_at > ? AND " + grantLive), tokenHash, now,
                now); ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(refreshToken(rs)) : Optional.empty();
        }
    }

    /** A second revocation of the same grant never shortens the first: the later keepUntil is kept. */
    @Override
    public void revokeGrant(String grantId, Instant keepUntil, Instant now) {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(keepUntil, "keepUntil");
        if (!keepUntil.isAfter(now)) {
            return;
        }
        db.transaction("revoke grant", c -> {
            revoke(c, grantId, keepUntil);
            return null;
        });
    }

    /** The marker, and the deletion of every token of the grant, in the caller's transaction. */
    private void revoke(Connection c, String grantId, Instant keepUntil) throws SQLException {
        mark(c, grantId, keepUntil);
        for (String table : new String[] {access, refresh}) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE grant_id = ?")) {
                Columns.bind(s, grantId).executeUpdate();
            }
        }
    }

    /** Inserts the marker or extends it; an insert losing a race to another one becomes the update. */
    private void mark(Connection c, String grantId, Instant keepUntil) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + revoked + " SET keep_until = ? "
                    + "WHERE grant_id = ? AND keep_until < ?")) {
                Columns.bind(s, keepUntil, grantId, keepUntil).executeUpdate();
            }
            if (isMarked(c, grantId)) {
                return;
            }
            Savepoint beforeInsert = c.setSavepoint();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + revoked + " (grant_id, keep_until) "
                    + "VALUES (?, ?)")) {
                Columns.bind(s, grantId, keepUntil).executeUpdate();
                return;
            } catch (SQLException e) {
                if (!Database.isDuplicateKey(e)) {
                    throw e;
                }
                c.rollback(beforeInsert);
            }
        }
        throw new SQLException("grant " + grantId + " kept changing while being revoked", "40001");
    }

    private boolean isMarked(Connection c, String grantId) throws SQLException {
        try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT 1 FROM " + revoked
                + " WHERE grant_id = ?"), grantId); ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    @Override
    public boolean isGrantRevoked(String grantId, Instant now) {
        return db.idempotent("check grant", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT 1 FROM " + revoked
                    + " WHERE grant_id = ? AND keep_until > ?"), grantId, now); ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        });
    }

}

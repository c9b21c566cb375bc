package io.mcpoauth.store.jdbc;

import static io.mcpoauth.store.jdbc.TokenRows.COLUMNS;
import static io.mcpoauth.store.jdbc.TokenRows.REFRESH_COLUMNS;

import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.TokenTransfer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Export and import of the token tables ({@link TokenRows}) and the revoked-grant markers, for storage
 * migration only: live rows in pages of hash order, and imports that keep a row already there.
 */
final class JdbcTokenTransfer implements TokenTransfer {

    private final Database db;
    private final TokenRows rows;

    JdbcTokenTransfer(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.rows = new TokenRows(db);
    }

    /** Pages in hash order (see {@link KeyPages}), live tokens only. */
    @Override
    public void forEachAccessToken(Instant now, Consumer<? super AccessTokenRecord> action) {
        KeyPages.<AccessTokenRecord>forEach(db, "export access tokens", (c, last) -> livePage(c, rows.access, COLUMNS,
                last == null ? null : last.tokenHash(), now, TokenRows::accessToken), action);
    }

    /** Pages in hash order (see {@link KeyPages}), live tokens only, rotated or not. */
    @Override
    public void forEachRefreshToken(Instant now, Consumer<? super RefreshTokenRecord> action) {
        KeyPages.<RefreshTokenRecord>forEach(db, "export refresh tokens", (c, last) -> livePage(c, rows.refresh,
                REFRESH_COLUMNS, last == null ? null : last.tokenHash(), now, TokenRows::refreshToken), action);
    }

    /** A row mapper that may throw. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> livePage(Connection c, String table, String columns, String after, Instant now, Row<T> row)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + columns + " FROM " + table + " t WHERE "
                + (after == null ? "" : "t.token_hash > ? AND ") + "t.expires_at > ? AND " + rows.grantLive
                + " ORDER BY t.token_hash" + KeyPages.limit())) {
            if (after == null) {
                Columns.bind(s, now, now);
            } else {
                Columns.bind(s, after, now, now);
            }
            List<T> page = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    page.add(row.read(rs));
                }
            }
            return page;
        }
    }

    @Override
    public void forEachRevokedGrant(Instant now, Consumer<? super RevokedGrant> action) {
        KeyPages.<RevokedGrant>forEach(db, "export revoked grants", (c, last) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT grant_id, keep_until FROM " + rows.revoked + " WHERE "
                    + (last == null ? "" : "grant_id > ? AND ") + "keep_until > ? ORDER BY grant_id"
                    + KeyPages.limit())) {
                if (last == null) {
                    Columns.bind(s, now);
                } else {
                    Columns.bind(s, last.grantId(), now);
                }
                List<RevokedGrant> page = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(new RevokedGrant(rs.getString("grant_id"), Columns.instant(rs, "keep_until")));
                    }
                }
                return page;
            }
        }, action);
    }

    /** Inserted when absent; a row already there (or inserted by a racing import) is kept. */
    @Override
    public void importAccessToken(AccessTokenRecord token, Instant now) {
        Objects.requireNonNull(token, "token");
        if (token.isExpired(now)) {
            return;
        }
        // Inserted only when absent: run again, it finds the row and leaves it.
        db.idempotent("import access token", c -> {
            if (!exists(c, rows.access, token.tokenHash())) {
                insertIgnoringDuplicate(() -> rows.insertAccess(c, token));
            }
            return null;
        });
    }

    /**
     * Inserted when absent; otherwise the row is kept and only a rotation is carried over, by an update that
     * can only set {@code rotated}, never clear it (RFC 9700 4.14.2).
     */
    @Override
    public void importRefreshToken(RefreshTokenRecord token, Instant now) {
        Objects.requireNonNull(token, "token");
        if (token.isExpired(now)) {
            return;
        }
        // Inserted only when absent, then a rotation that can only be set: run again, it changes nothing.
        db.idempotent("import refresh token", c -> {
            if (!exists(c, rows.refresh, token.tokenHash())) {
                insertIgnoringDuplicate(() -> rows.insertRefresh(c, token));
            }
            if (token.rotated()) {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + rows.refresh + " SET rotated = ? "
                        + "WHERE token_hash = ? AND rotated = ?")) {
                    Columns.bind(s, true, token.tokenHash(), false).executeUpdate();
                }
            }
            return null;
        });
    }

    private static boolean exists(Connection c, String table, String tokenHash) throws SQLException {
        try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT 1 FROM " + table
                + " WHERE token_hash = ?"), tokenHash); ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    /** One INSERT statement. */
    @FunctionalInterface
    private interface Insert {
        int run() throws SQLException;
    }

    /** An insert that may lose a race with the same import on another instance: the row is there either way. */
    private static void insertIgnoringDuplicate(Insert insert) throws SQLException {
        try {
            insert.run();
        } catch (SQLException e) {
            if (!Database.isDuplicateKey(e)) {
                throw e;
            }
        }
    }
}

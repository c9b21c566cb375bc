package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.UsedIdStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * Used ids as rows of {@code <prefix>used_ids}, keyed by the id's hash. A use is an {@code INSERT}: the primary
 * key lets exactly one of any number of concurrent inserts (from any instance) succeed, and every other gets a
 * duplicate key and false. A taken id whose row's time has passed has that row deleted and is inserted again,
 * so an id can be used again once its grant could no longer be accepted anyway; the periodic purge removes the
 * rest.
 */
final class JdbcUsedIdStore extends JdbcTable implements UsedIdStore {


    JdbcUsedIdStore(Database db) {
        super(db, "used_ids");
    }

    @Override
    public boolean markUsed(String idHash, Instant expiresAt, Instant now) {
        Objects.requireNonNull(idHash, "idHash");
        if (!expiresAt.isAfter(now)) {
            return false;
        }
        // Each statement commits by itself: on PostgreSQL a failed INSERT would abort a surrounding transaction.
        // A first use is one INSERT; only a taken id costs the DELETE of an expired row and a second INSERT.
        return db.call("mark id used", c -> {
            if (insert(c, idHash, expiresAt)) {
                return true;
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
                    + " WHERE id_hash = ? AND expires_at <= ?")) {
                return Columns.bind(s, idHash, now).executeUpdate() == 1 && insert(c, idHash, expiresAt);
            }
        });
    }

    /** @return false when the id is taken (by an earlier use, or by a concurrent one) */
    private boolean insert(Connection c, String idHash, Instant expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                + " (id_hash, expires_at) VALUES (?, ?)")) {
            return Columns.bind(s, idHash, expiresAt).executeUpdate() == 1;
        } catch (SQLException e) {
            if (Database.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}

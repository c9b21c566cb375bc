package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.StoredSigningKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing keys as rows of {@code <prefix>signing_keys}, keyed by their slot ({@code signs_from}). A key is stored
 * by an {@code INSERT}: the primary key lets exactly one of any number of concurrent inserts (from any instance)
 * succeed; every other gets a duplicate key and reads the row that won. Repeating the call inserts nothing more
 * and reads the same row. The periodic purge removes expired rows.
 */
final class JdbcSigningKeyStore extends JdbcTable implements SigningKeyStore {

    private static final String COLUMNS = "signs_from, kid, algorithm, signs_until, expires_at, sealed_key";

    JdbcSigningKeyStore(Database db) {
        super(db, "signing_keys");
    }

    @Override
    public StoredSigningKey putIfAbsent(StoredSigningKey key, Instant now) {
        Objects.requireNonNull(key, "key");
        // Each statement commits by itself: on PostgreSQL a failed INSERT would abort a surrounding transaction.
        return db.idempotent("store signing key", c -> {
            try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS))) {
                Columns.bind(s, key.signsFrom(), key.kid(), key.algorithm(), key.signsUntil(), key.expiresAt(),
                        key.sealedKey()).executeUpdate();
                return key;
            } catch (SQLException e) {
                if (!Database.isDuplicateKey(e)) {
                    throw e;
                }
            }
            return slot(c, key.signsFrom()).orElseThrow(() -> new SQLException("signing key slot "
                    + key.signsFrom() + " taken, then gone"));
        });
    }

    @Override
    public List<StoredSigningKey> list(Instant now) {
        return db.idempotent("list signing keys", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " WHERE expires_at > ? ORDER BY signs_from")) {
                List<StoredSigningKey> keys = new ArrayList<>();
                try (ResultSet rs = Columns.bind(s, now).executeQuery()) {
                    while (rs.next()) {
                        keys.add(read(rs));
                    }
                }
                return keys;
            }
        });
    }

    private Optional<StoredSigningKey> slot(Connection c, Instant signsFrom) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                + " WHERE signs_from = ?")) {
            try (ResultSet rs = Columns.bind(s, signsFrom).executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static StoredSigningKey read(ResultSet rs) throws SQLException {
        return new StoredSigningKey(Columns.instant(rs, "signs_from"), rs.getString("kid"), rs.getString("algorithm"),
                Columns.instant(rs, "signs_until"), Columns.instant(rs, "expires_at"), rs.getString("sealed_key"));
    }
}

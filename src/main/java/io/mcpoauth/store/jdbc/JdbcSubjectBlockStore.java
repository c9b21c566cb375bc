package io.mcpoauth.store.jdbc;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.SubjectBlockStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Subject blocks in {@code <prefix>subject_blocks}, keyed by a hash of the subject (unbounded text). Blocking
 * is an update, or an insert when there was no row; when two callers lift the same block, exactly one DELETE
 * removes the live row and gets true. Blocks past their end are ignored and deleted by the purge.
 */
final class JdbcSubjectBlockStore extends JdbcTable implements SubjectBlockStore {

    JdbcSubjectBlockStore(Database db) {
        super(db, "subject_blocks");
    }

    @Override
    public void block(String subject, Instant until, Instant now) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(until, "until");
        String hash = Tokens.hash(subject);
        if (!until.isAfter(now)) {
            db.idempotent("lift subject block", c -> {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE subject_hash = ?")) {
                    return Columns.bind(s, hash).executeUpdate();
                }
            });
            return;
        }
        // An upsert of the same value: run again, it leaves the same row.
        db.idempotent("block subject", c -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement s = c.prepareStatement("UPDATE " + table
                        + " SET blocked_until = ? WHERE subject_hash = ?")) {
                    if (Columns.bind(s, until, hash).executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                        + " (subject_hash, subject, blocked_until) VALUES (?, ?, ?)")) {
                    Columns.bind(s, hash, subject, until).executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Database.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
            throw new SQLException("the block kept changing while being saved", "40001");
        });
    }

    /** One DELETE of a live row first, so its row count says whether a live block was lifted. */
    @Override
    public boolean unblock(String subject, Instant now) {
        return deleteLive("lift subject block", "subject_hash", Tokens.hash(subject), "blocked_until > ?", now);
    }

    @Override
    public Optional<Instant> blockedUntil(String subject, Instant now) {
        Objects.requireNonNull(now, "now");
        String hash = Tokens.hash(subject);
        return db.idempotent("find subject block", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT blocked_until FROM " + table
                    + " WHERE subject_hash = ? AND blocked_until > ?"), hash, now); ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Columns.instant(rs, "blocked_until")) : Optional.empty();
            }
        });
    }
}

package io.mcpoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The periodic removal of dead rows, in small batches: each statement deletes at most {@code batchSize} rows
 * and commits by itself, so no long transaction holds locks while requests keep running, and a second server
 * instance purging at the same time only finds less to do. Removed, in this order:
 * <ul>
 * <li>authorization codes past their expiry (consumed or not: a consumed code is a replay marker until then),
 * <li>pending authorization requests past their expiry,
 * <li>access and refresh tokens past their expiry, or whose grant is revoked,
 * <li>revoked-grant markers past their {@code keep_until},
 * <li>registered clients past their {@code expires_at} (those that never obtained a token),
 * <li>remembered consents past their expiry,
 * <li>used ids of signed grants and client assertions past their time,
 * <li>indexed grants past their expiry, and subject blocks past their end,
 * <li>generated signing keys past their time (no token they signed can still be accepted).
 * </ul>
 */
final class ExpiredRows {

    /**
     * One kind of dead row: the table, a column that selects the rows of a batch (the key, or for consents
     * the expiry, as every row with a dead expiry is dead), and the condition that makes a row dead at {@code ?}.
     */
    private record Kind(String table, String key, String dead, int parameters) {
    }

    private final Database db;
    private final int batchSize;
    private final int maxBatches;
    private final List<Kind> kinds;

    ExpiredRows(Database db, int batchSize, int maxBatches) {
        this.db = Objects.requireNonNull(db, "db");
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch size and count must be positive");
        }
        this.batchSize = batchSize;
        this.maxBatches = maxBatches;
        String revoked = db.table("revoked_grants");
        String revokedGrant = " OR grant_id IN (SELECT grant_id FROM " + revoked + " WHERE keep_until > ?)";
        this.kinds = List.of(
                new Kind(db.table("codes"), "code_hash", "expires_at <= ?", 1),
                new Kind(db.table("pending_authorizations"), "id_hash", "expires_at <= ?", 1),
                new Kind(db.table("access_tokens"), "token_hash", "expires_at <= ?" + revokedGrant, 2),
                new Kind(db.table("refresh_tokens"), "token_hash", "expires_at <= ?" + revokedGrant, 2),
                new Kind(revoked, "grant_id", "keep_until <= ?", 1),
                new Kind(db.table("clients"), "client_id", "expires_at IS NOT NULL AND expires_at <= ?", 1),
                new Kind(db.table("consents"), "expires_at", "expires_at <= ?", 1),
                new Kind(db.table("used_ids"), "id_hash", "expires_at <= ?", 1),
                new Kind(db.table("grants"), "grant_id", "expires_at <= ?", 1),
                new Kind(db.table("subject_blocks"), "subject_hash", "blocked_until <= ?", 1),
                new Kind(db.table("signing_keys"), "signs_from", "expires_at <= ?", 1));
    }

    /**
     * Deletes the rows dead at {@code now}, batch by batch, at most {@code maxBatches} batches per kind in one
     * call (the next call carries on). @return rows deleted
     */
    long purge(Instant now) {
        long removed = 0;
        for (Kind kind : kinds) {
            String sql = "DELETE FROM " + kind.table() + " WHERE " + kind.key() + " IN (SELECT " + kind.key()
                    + " FROM " + kind.table() + " WHERE " + kind.dead() + " FETCH FIRST " + batchSize
                    + " ROWS ONLY)";
            for (int batch = 0; batch < maxBatches; batch++) {
                // Run again, it deletes what is still dead; the count only feeds the log.
                int deleted = db.idempotent("purge " + kind.table(), c -> {
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        for (int i = 1; i <= kind.parameters(); i++) {
                            s.setLong(i, now.toEpochMilli());
                        }
                        return s.executeUpdate();
                    }
                });
                removed += deleted;
                if (deleted < batchSize) {
                    break;
                }
            }
        }
        return removed;
    }
}

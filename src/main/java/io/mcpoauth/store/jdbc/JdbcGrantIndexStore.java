package io.mcpoauth.store.jdbc;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
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
 * The grant index in {@code <prefix>grants}, one row per grant, listed by the indexes on (subject hash, grant
 * id) and (client hash, grant id): a page is one query from the cursor, {@code grant_id > ?}, in grant id order.
 * Recording is an update, or an insert when there was no row; an insert that loses a race with another
 * instance's insert turns into the update. When two callers remove the same grant, exactly one DELETE removes
 * the live row and gets true. Rows past their expiry are skipped by every query and deleted by the purge.
 */
final class JdbcGrantIndexStore extends JdbcTable implements GrantIndexStore {

    private static final String COLUMNS = "grant_id, client_id, subject, scope, resources, created_at, "
            + "last_used_at, expires_at";

    JdbcGrantIndexStore(Database db) {
        super(db, "grants");
    }

    @Override
    public void record(GrantSummary grant, Instant now) {
        Objects.requireNonNull(grant, "grant");
        if (grant.isExpired(now)) {
            remove(grant.grantId(), now);
            return;
        }
        // An upsert of the same values: run again, it leaves the same row.
        db.idempotent("record grant", c -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (update(c, grant) == 1) {
                    return null;
                }
                try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS + ", client_hash, subject_hash"))) {
                    Columns.bind(s, grant.grantId(), grant.clientId(), grant.subject(), grant.scope(),
                            Columns.list(grant.resources()), grant.createdAt(), grant.lastUsedAt(), grant.expiresAt(),
                            Tokens.hash(grant.clientId()), Tokens.hash(grant.subject())).executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Database.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
            throw new SQLException("grant " + grant.grantId() + " kept changing while being recorded", "40001");
        });
    }

    /** A grant's subject and client never change: a replacement updates what a refresh changes. */
    private int update(Connection c, GrantSummary grant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET scope = ?, resources = ?, "
                + "created_at = ?, last_used_at = ?, expires_at = ? WHERE grant_id = ?")) {
            return Columns.bind(s, grant.scope(), Columns.list(grant.resources()), grant.createdAt(),
                    grant.lastUsedAt(), grant.expiresAt(), grant.grantId()).executeUpdate();
        }
    }

    @Override
    public Optional<GrantSummary> find(String grantId, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("find grant", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " WHERE grant_id = ? AND expires_at > ?"), grantId, now); ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(grant(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public Page<GrantSummary> bySubject(String subject, String after, int limit, Instant now) {
        Objects.requireNonNull(subject, "subject");
        return page("subject", subject, after, limit, now);
    }

    @Override
    public Page<GrantSummary> byClient(String clientId, String after, int limit, Instant now) {
        Objects.requireNonNull(clientId, "clientId");
        return page("client", clientId, after, limit, now);
    }

    /** One query of one more row than the page: whether it came says whether another page follows. */
    private Page<GrantSummary> page(String owner, String value, String after, int limit, Instant now) {
        Objects.requireNonNull(now, "now");
        int n = Page.limit(limit);
        String column = owner.equals("subject") ? "subject" : "client_id";
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + owner + "_hash = ? AND " + column
                + " = ? AND expires_at > ?" + (after == null ? "" : " AND grant_id > ?") + " ORDER BY grant_id"
                + " FETCH FIRST " + (n + 1) + " ROWS ONLY";
        List<GrantSummary> rows = db.idempotent("list grants", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                Columns.bind(s, Tokens.hash(value), value, now);
                if (after != null) {
                    s.setString(4, after);
                }
                List<GrantSummary> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(grant(rs));
                    }
                }
                return found;
            }
        });
        return Page.of(rows, n, GrantSummary::grantId);
    }

    /** One DELETE of a live row first, so its row count says whether a live grant was removed. */
    @Override
    public boolean remove(String grantId, Instant now) {
        return deleteLive("remove grant", "grant_id", grantId, "expires_at > ?", now);
    }

    /** A count over the expiry index. */
    @Override
    public long count(Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("count grants", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT COUNT(*) FROM " + table
                    + " WHERE expires_at > ?"), now); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static GrantSummary grant(ResultSet rs) throws SQLException {
        return new GrantSummary(rs.getString("grant_id"), rs.getString("client_id"), rs.getString("subject"),
                Columns.scope(rs), Columns.list(rs, "resources"), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "last_used_at"), Columns.instant(rs, "expires_at"));
    }
}

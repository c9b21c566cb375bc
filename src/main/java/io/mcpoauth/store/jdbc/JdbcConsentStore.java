package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ConsentStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Remembered consents in {@code <prefix>consents}, one row per (subject, client). Saving is an update, or an
 * insert when there was no row; an insert that loses a race to another one turns into the update.
 */
final class JdbcConsentStore extends JdbcTable implements ConsentStore {

    private static final String COLUMNS =
            "subject, client_id, scopes, resources, redirect_uris, granted_at, expires_at";


    JdbcConsentStore(Database db) {
        super(db, "consents");
    }

    @Override
    public void save(ConsentRecord consent, Instant now) {
        Objects.requireNonNull(consent, "consent");
        if (consent.isExpired(now)) {
            revoke(consent.subject(), consent.clientId(), now);
            return;
        }
        // An upsert of the same values: run again, it leaves the same row.
        db.idempotent("save consent", c -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (update(c, consent) == 1) {
                    return null;
                }
                try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS))) {
                    Columns.bind(s, consent.subject(), consent.clientId(), Columns.list(consent.scopes()),
                            Columns.list(consent.resources()), Columns.list(consent.redirectUris()),
                            consent.grantedAt(), consent.expiresAt()).executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Database.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
            throw new SQLException("consent kept changing while being saved", "40001");
        });
    }

    private int update(Connection c, ConsentRecord consent) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET scopes = ?, resources = ?, "
                + "redirect_uris = ?, granted_at = ?, expires_at = ? WHERE subject = ? AND client_id = ?")) {
            return Columns.bind(s, Columns.list(consent.scopes()), Columns.list(consent.resources()),
                    Columns.list(consent.redirectUris()), consent.grantedAt(), consent.expiresAt(),
                    consent.subject(), consent.clientId()).executeUpdate();
        }
    }

    @Override
    public Optional<ConsentRecord> find(String subject, String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("find consent", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " WHERE subject = ? AND client_id = ? AND expires_at > ?"), subject, clientId, now);
                    ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(consent(rs)) : Optional.empty();
            }
        });
    }

    /** Pages in (subject, client) order (see {@link KeyPages}). */
    @Override
    public void forEach(Instant now, Consumer<? super ConsentRecord> action) {
        KeyPages.<ConsentRecord>forEach(db, "export consents", (c, last) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE "
                    + (last == null ? "" : "(subject > ? OR subject = ? AND client_id > ?) AND ")
                    + "expires_at > ? ORDER BY subject, client_id" + KeyPages.limit())) {
                if (last == null) {
                    Columns.bind(s, now);
                } else {
                    Columns.bind(s, last.subject(), last.subject(), last.clientId(), now);
                }
                List<ConsentRecord> page = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(consent(rs));
                    }
                }
                return page;
            }
        }, action);
    }

    private static ConsentRecord consent(ResultSet rs) throws SQLException {
        return new ConsentRecord(rs.getString("subject"), rs.getString("client_id"),
                new LinkedHashSet<>(Columns.list(rs, "scopes")), Columns.list(rs, "resources"),
                Columns.list(rs, "redirect_uris"), Columns.instant(rs, "granted_at"),
                Columns.instant(rs, "expires_at"));
    }

    @Override
    public boolean revoke(String subject, String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.call("revoke consent", c -> {
            try (PreparedStatement live = c.prepareStatement("DELETE FROM " + table
                    + " WHERE subject = ? AND client_id = ? AND expires_at > ?")) {
                if (Columns.bind(live, subject, clientId, now).executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement dead = c.prepareStatement("DELETE FROM " + table
                    + " WHERE subject = ? AND client_id = ?")) {
                Columns.bind(dead, subject, clientId).executeUpdate();
                return false;
            }
        });
    }
}

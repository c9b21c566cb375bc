package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.PendingAuthorizationStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Pending authorization requests in {@code <prefix>pending_authorizations}.
 *
 * <p>{@link #take} reads the row, then deletes it with {@code DELETE ... WHERE id_hash = ?}: of any number of
 * concurrent callers, on one server instance or several, exactly one DELETE removes the row, and only its
 * caller gets the request, so a completed login cannot be replayed.
 */
final class JdbcPendingStore extends JdbcTable implements PendingAuthorizationStore {

    private static final String COLUMNS = "id_hash, client_id, redirect_uri, scope, resources, state, "
            + "code_challenge, expires_at, subject, csrf_hash, subject_email, subject_groups, subject_idp";


    JdbcPendingStore(Database db) {
        super(db, "pending_authorizations");
    }

    @Override
    public void save(PendingAuthorization pending, Instant now) {
        Objects.requireNonNull(pending, "pending");
        db.call("save pending authorization", c -> {
            try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS))) {
                return Columns.bind(s, pending.idHash(), pending.clientId(), pending.redirectUri(), pending.scope(),
                        Columns.list(pending.resources()), pending.state(), pending.codeChallenge(),
                        pending.expiresAt(), pending.subject(), pending.csrfHash(), pending.attributes().email(),
                        Columns.list(pending.attributes().groups()), pending.attributes().idp()).executeUpdate();
            }
        });
    }

    @Override
    public Optional<PendingAuthorization> find(String idHash, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("find pending authorization", c -> read(c, idHash).filter(p -> !p.isExpired(now)));
    }

    @Override
    public Optional<PendingAuthorization> take(String idHash, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.call("take pending authorization", c -> {
            Optional<PendingAuthorization> pending = read(c, idHash);
            if (pending.isEmpty()) {
                return pending;
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE id_hash = ?")) {
                boolean won = Columns.bind(s, idHash).executeUpdate() == 1;
                return won ? pending.filter(p -> !p.isExpired(now)) : Optional.<PendingAuthorization>empty();
            }
        });
    }

    private Optional<PendingAuthorization> read(Connection c, String idHash) throws SQLException {
        try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                + " WHERE id_hash = ?"), idHash); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new PendingAuthorization(rs.getString("id_hash"), rs.getString("client_id"),
                    rs.getString("redirect_uri"), Columns.scope(rs), Columns.list(rs, "resources"),
                    rs.getString("state"), rs.getString("code_challenge"), Columns.instant(rs, "expires_at"),
                    rs.getString("subject"), rs.getString("csrf_hash"), Columns.attributes(rs)));
        }
    }
}

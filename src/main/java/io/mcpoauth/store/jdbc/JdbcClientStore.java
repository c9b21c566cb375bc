package io.mcpoauth.store.jdbc;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientQuery;
import io.mcpoauth.store.ClientStore;
import io.mcpoauth.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Registered clients in {@code <prefix>clients}. Saving is an update, or an insert when there was no row; an
 * insert that loses a race with another instance's insert of the same id turns into the update. When two
 * callers delete the same client, exactly one DELETE removes the row and gets true.
 */
final class JdbcClientStore extends JdbcTable implements ClientStore {

    private static final String COLUMNS = "client_id, name, secret_hash, auth_method, redirect_uris, scopes, "
            + "grant_types, created_at, expires_at, jwks, jwks_uri, assertion_algorithms";

    /** A client row not expired at the bound time. */
    private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";


    JdbcClientStore(Database db) {
        super(db, "clients");
    }

    @Override
    public void save(ClientRecord client, Instant now) {
        Objects.requireNonNull(client, "client");
        if (client.isExpired(now)) {
            delete(client.clientId(), now);
            return;
        }
        // An upsert of the same values: run again, it leaves the same row.
        db.idempotent("save client", c -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                if (update(c, client) == 1) {
                    return null;
                }
                try (PreparedStatement s = c.prepareStatement(insertInto(COLUMNS))) {
                    Columns.bind(s, client.clientId(), client.name(), client.secretHash(), client.authMethod().value(),
                            Columns.list(client.redirectUris()), Columns.list(client.scopes()),
                            Columns.list(GrantType.sortedValues(client.grantTypes())), client.createdAt(),
                            client.expiresAt(), client.keys().jwks(), client.keys().jwksUri(),
                            Columns.list(new TreeSet<>(client.keys().algorithms()))).executeUpdate();
                    return null;
                } catch (SQLException e) {
                    if (!Database.isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
            throw new SQLException("client " + client.clientId() + " kept changing while being saved", "40001");
        });
    }

    private int update(Connection c, ClientRecord client) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET name = ?, secret_hash = ?, "
                + "auth_method = ?, redirect_uris = ?, scopes = ?, grant_types = ?, created_at = ?, expires_at = ?, "
                + "jwks = ?, jwks_uri = ?, assertion_algorithms = ? WHERE client_id = ?")) {
            return Columns.bind(s, client.name(), client.secretHash(), client.authMethod().value(),
                    Columns.list(client.redirectUris()), Columns.list(client.scopes()),
                    Columns.list(GrantType.sortedValues(client.grantTypes())), client.createdAt(), client.expiresAt(),
                    client.keys().jwks(), client.keys().jwksUri(),
                    Columns.list(new TreeSet<>(client.keys().algorithms())), client.clientId())
                    .executeUpdate();
        }
    }

    @Override
    public Optional<ClientRecord> find(String clientId, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("find client", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " WHERE client_id = ? AND " + LIVE), clientId, now); ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(client(rs)) : Optional.empty();
            }
        });
    }

    /** One DELETE of a live row first, so its row count says whether a live client was removed. */
    @Override
    public boolean delete(String clientId, Instant now) {
        return deleteLive("delete client", "client_id", clientId, LIVE, now);
    }

    /**
     * One query of one more row than the page, filtered in SQL: the name with {@code LOWER(name) LIKE}, its
     * wildcards escaped, so that {@code %} and {@code _} in the filter match themselves. The order is the
     * database's order of client ids (on PostgreSQL, that of the database's collation).
     */
    @Override
    public Page<ClientRecord> list(ClientQuery query, String after, int limit, Instant now) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(now, "now");
        int n = Page.limit(limit);
        List<Object> values = new ArrayList<>(List.of(now));
        StringBuilder where = new StringBuilder(LIVE);
        if (after != null) {
            where.append(" AND client_id > ?");
            values.add(after);
        }
        if (query.authMethod() != null) {
            where.append(" AND auth_method = ?");
            values.add(query.authMethod().value());
        }
        if (query.nameContains() != null) {
            where.append(" AND LOWER(name) LIKE ? ESCAPE '!'");
            values.add("%" + query.nameContains().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        String sql = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + where + " ORDER BY client_id FETCH FIRST "
                + (n + 1) + " ROWS ONLY";
        List<ClientRecord> rows = db.idempotent("list clients", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement(sql), values.toArray());
                    ResultSet rs = s.executeQuery()) {
                List<ClientRecord> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(client(rs));
                }
                return found;
            }
        });
        return Page.of(rows, n, ClientRecord::clientId);
    }

    @Override
    public long count(Instant now) {
        Objects.requireNonNull(now, "now");
        return db.idempotent("count clients", c -> {
            try (PreparedStatement s = Columns.bind(c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE "
                    + LIVE), now); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Pages in client id order (see {@link KeyPages}). */
    @Override
    public void forEach(Instant now, Consumer<? super ClientRecord> action) {
        String live = LIVE;
        KeyPages.<ClientRecord>forEach(db, "export clients", (c, last) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE "
                    + (last == null ? "" : "client_id > ? AND ") + live + " ORDER BY client_id" + KeyPages.limit())) {
                if (last == null) {
                    Columns.bind(s, now);
                } else {
                    Columns.bind(s, last.clientId(), now);
                }
                List<ClientRecord> page = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(client(rs));
                    }
                }
                return page;
            }
        }, action);
    }

    private static ClientRecord client(ResultSet rs) throws SQLException {
        return new ClientRecord(rs.getString("client_id"), rs.getString("name"), rs.getString("secret_hash"),
                ClientAuthMethod.of(rs.getString("auth_method")), Columns.list(rs, "redirect_uris"),
                new LinkedHashSet<>(Columns.list(rs, "scopes")), GrantType.allOf(Columns.list(rs, "grant_types")),
                Columns.instant(rs, "created_at"), Columns.nullableInstant(rs, "expires_at"),
                new ClientKeys(rs.getString("jwks"), rs.getString("jwks_uri"),
                        new LinkedHashSet<>(Columns.list(rs, "assertion_algorithms"))));
    }
}

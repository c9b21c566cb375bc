package io.mcpoauth.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * What differs between the databases the JDBC backend runs on. Only the schema needs it: the statements that
 * read and write rows are portable SQL, the same on every database.
 *
 * <p>PostgreSQL serialises schema changes with a transaction-scoped advisory lock and rolls them back as a
 * whole if they fail. H2 (the default DataSource of Payara and WildFly) and Derby (Open Liberty's) commit
 * each DDL statement by itself, so there the statements are idempotent ({@code IF NOT EXISTS}, or "already
 * exists" errors ignored) and two instances may both run them.
 */
enum Dialect {

    POSTGRESQL("TEXT", "IF NOT EXISTS ", " COLLATE \"C\"", Set.of("42P07", "42710")) {
        @Override
        void lockSchema(Connection c, String prefix) throws SQLException {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, lockKey(prefix));
                s.execute();
            }
        }
    },
    H2("VARCHAR", "IF NOT EXISTS ", "", Set.of("42S01", "42S11")),
    DERBY("VARCHAR(32672)", "", "", Set.of("X0Y32"));

    private final String textType;
    private final String ifNotExists;
    private final String binary;
    private final Set<String> alreadyExistsStates;

    /**
     * @param binary what makes a column compare byte by byte, as Java compares strings: H2 and Derby do by
     *               default; PostgreSQL follows the database's locale unless told {@code COLLATE "C"}
     */
    Dialect(String textType, String ifNotExists, String binary, Set<String> alreadyExistsStates) {
        this.textType = textType;
        this.ifNotExists = ifNotExists;
        this.binary = binary;
        this.alreadyExistsStates = alreadyExistsStates;
    }

    /** The dialect of the connected database; unsupported databases fail with their name. */
    static Dialect of(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        if (name.contains("derby")) {
            return DERBY;
        }
        throw new IllegalStateException("mcp.oauth.storage=jdbc: unsupported database " + product
                + " (supported: PostgreSQL, H2, Derby)");
    }

    /**
     * Fills the placeholders of a schema script: table prefix, unbounded text type, {@code IF NOT EXISTS}, binary
     * collation.
     */
    String render(String sql, String prefix) {
        return sql.replace("${prefix}", prefix).replace("${text}", textType).replace("${ifNotExists}", ifNotExists)
                .replace("${binary}", binary);
    }

    /**
     * Makes concurrent schema migrations of the same prefix wait for each other until the caller's
     * transaction ends; a no-op where DDL is not transactional.
     */
    void lockSchema(Connection c, String prefix) throws SQLException {
    }

    /** Whether schema changes roll back with their transaction, so that {@link #lockSchema} holds through them. */
    boolean transactionalDdl() {
        return this == POSTGRESQL;
    }

    /** True when a CREATE failed only because the table or index is already there. */
    boolean alreadyExists(SQLException e) {
        return e.getSQLState() != null && alreadyExistsStates.contains(e.getSQLState());
    }

    /** A 64-bit advisory lock key for the prefix, the same in every instance. */
    static long lockKey(String prefix) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("mcp-oauth schema " + prefix).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (h[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

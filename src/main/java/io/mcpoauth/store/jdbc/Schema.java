package io.mcpoauth.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The versioned schema: the table {@code <prefix>schema_version} records every migration applied, and
 * {@link #ensureMigrated()} applies the missing ones, in order, before the first call that needs the tables.
 *
 * <p>Two instances may start at once. On PostgreSQL a migration runs in one transaction under an advisory lock
 * on the prefix, so the second instance waits and then finds nothing left to do. On H2 and Derby, whose DDL
 * commits statement by statement, a lease row ({@link SchemaLease}) lets one instance migrate at a time;
 * every statement is idempotent too and recording a version twice is ignored.
 *
 * <p>A database that cannot be reached at start-up does not stop the server: the migration is tried again on
 * each call until it succeeds, and until then calls fail as unavailable (503) and readiness is DOWN.
 */
final class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class.getName());
    private static final int ATTEMPTS = 10;
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

    /**
     * The migrations of this release, in order: version, description, script resource. The versions may have
     * gaps (a number taken by a change not in this release); each migration is applied when its version is not
     * recorded, so a gap filled by a later release is applied too, on a database already past that number.
     * Migrations numbered side by side must therefore not depend on each other's order.
     */
    private record Migration(int version, String description, String resource) {
    }

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "clients, codes, tokens, revoked grants, pending authorizations, consents",
                    "schema-v1.sql"),
            new Migration(2, "subject e-mail and groups on pending authorizations, codes and tokens",
                    "schema-v2.sql"),
            new Migration(3, "approved redirect URIs on consents", "schema-v3.sql"),
            new Migration(4, "grant start on refresh tokens", "schema-v4.sql"),
            new Migration(5, "used ids of signed grants and client assertions", "schema-v5.sql"),
            new Migration(6, "public keys of private_key_jwt clients", "schema-v6.sql"),
            new Migration(7, "identity provider of the subject on pending authorizations, codes and tokens",
                    "schema-v7.sql"),
            new Migration(8, "grant index by subject and client, subject blocks", "schema-v8.sql"),
            new Migration(9, "signing keys generated for JWT access tokens", "schema-v9.sql"));

    static final int LATEST = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    /** The versions of this release's migrations, in order (with any gaps). */
    static List<Integer> versions() {
        return MIGRATIONS.stream().map(Migration::version).toList();
    }

    private final DataSource dataSource;
    private final String prefix;
    private final Clock clock;
    private volatile Dialect dialect;
    private volatile int version;

    Schema(DataSource dataSource, String prefix, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.prefix = checkPrefix(prefix);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A table prefix: lower-case letters, digits and underscores, not starting with a digit, at most 30. */
    static String checkPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must match " + PREFIX.pattern() + ": " + prefix);
        }
        return prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The database's dialect, or null before the first successful migration check. */
    Dialect dialect() {
        return dialect;
    }

    /** The schema version found or reached, 0 before the first successful migration check. */
    int version() {
        return version;
    }

    /** Applies missing migrations once; after that, returns at once. */
    void ensureMigrated() {
        if (version > 0) {
            return;
        }
        synchronized (this) {
            if (version > 0) {
                return;
            }
            for (int attempt = 1; ; attempt++) {
                Exception failure;
                try {
                    migrate();
                    return;
                } catch (SQLException | RuntimeException f) {
                    failure = f;
                }
                // A connection proxy may wrap the driver's SQLException in a runtime exception.
                SQLException e = Database.sqlCause(failure);
                if (e == null) {
                    throw (RuntimeException) failure;
                }
                // Where DDL is not transactional (H2, Derby), an instance starting at the same moment can make a
                // statement fail half-way ("object already exists"), deadlock, or time out waiting for the table
                // another one is altering; the next attempt finds it done.
                if (attempt == ATTEMPTS || Database.isUnavailable(e) && !Database.isRetryable(e) && !isLockTimeout(e)) {
                    throw Database.failure("schema migration", e, failure);
                }
                LOG.fine(() -> "JDBC storage: schema migration attempt failed, trying again: " + e);
                pause(attempt);
            }
        }
    }

    /** H2's "timeout trying to lock table" (HYT00): another instance holds the table it is altering. */
    private static boolean isLockTimeout(SQLException e) {
        return "HYT00".equals(e.getSQLState());
    }

    /** A short, growing, jittered pause, so that instances racing on the same DDL fall out of step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void migrate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Dialect d = Dialect.of(c.getMetaData());
            if (d.transactionalDdl()) {
                migrate(c, d);
                return;
            }
            c.setAutoCommit(true);
            try (SchemaLease lease = SchemaLease.acquire(c, d, prefix, clock)) {
                migrate(c, d);
            }
        }
    }

    /** Applies the missing migrations in one transaction, under the dialect's lock where it has one. */
    private void migrate(Connection c, Dialect d) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            d.lockSchema(c, prefix);
            execute(c, d, "CREATE TABLE ${ifNotExists}${prefix}schema_version (version INTEGER NOT NULL "
                    + "PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            Set<Integer> applied = appliedVersions(c);
            for (Migration m : MIGRATIONS) {
                if (!applied.contains(m.version())) {
                    apply(c, d, m);
                    applied.add(m.version());
                }
            }
            c.commit();
            int current = applied.stream().max(Integer::compare).orElseThrow();
            if (current > LATEST) {
                LOG.warning("JDBC storage: schema version " + current + " of prefix " + prefix
                        + " is newer than this release's " + LATEST + "; running on it unchanged");
            }
            dialect = d;
            version = current;
        } catch (SQLException | RuntimeException e) {
            Database.rollbackQuietly(c, e);
            Database.restoreAutoCommit(c, autoCommit, e);
            throw e;
        }
        Database.restoreAutoCommit(c, autoCommit, null);
    }

    private Set<Integer> appliedVersions(Connection c) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + prefix + "schema_version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private void apply(Connection c, Dialect d, Migration m) throws SQLException {
        LOG.info(() -> "JDBC storage: migrating tables " + prefix + "* to version " + m.version() + " ("
                + m.description() + ")");
        for (String statement : statements(m.resource())) {
            execute(c, d, statement);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + prefix
                + "schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            s.setInt(1, m.version());
            s.setString(2, m.description());
            s.setLong(3, clock.millis());
            s.executeUpdate();
        } catch (SQLException e) {
            if (!Database.isDuplicateKey(e)) {
                throw e;
            }
            // Another instance recorded the same migration a moment earlier (H2, Derby).
        }
    }

    private void execute(Connection c, Dialect d, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(d.render(sql, prefix));
        } catch (SQLException e) {
            if (!d.alreadyExists(e)) {
                throw e;
            }
        }
    }

    /** The statements of a script resource: comment lines dropped, split at semicolons ending a line. */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("schema resource " + resource + " ends without a semicolon");
        }
        return statements;
    }
}

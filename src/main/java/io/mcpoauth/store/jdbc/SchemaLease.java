package io.mcpoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serialises schema migrations where DDL commits statement by statement (H2, Derby), so a transaction-scoped
 * lock would be released by the first DDL statement. The lease is one row in {@code <prefix>schema_lock},
 * inserted with auto-commit: the instance whose insert wins migrates, the others wait for it to delete the row.
 * A lease left by an instance that died is taken over once it has expired.
 *
 * <p>Without it, instances racing on {@code ALTER TABLE} can leave H2 with half-copied tables.
 */
final class SchemaLease implements AutoCloseable {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Connection connection;
    private final String table;
    private final String holder;

    private SchemaLease(Connection connection, String table, String holder) {
        this.connection = connection;
        this.table = table;
        this.holder = holder;
    }

    /**
     * Waits until this instance holds the lease. The connection must be in auto-commit mode; it is used for
     * the lease only while acquiring and releasing.
     */
    static SchemaLease acquire(Connection c, Dialect d, String prefix, Clock clock) throws SQLException {
        String table = prefix + "schema_lock";
        try (Statement s = c.createStatement()) {
            s.execute(d.render("CREATE TABLE ${ifNotExists}${prefix}schema_lock (id INTEGER NOT NULL PRIMARY KEY, "
                    + "holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL)", prefix));
        } catch (SQLException e) {
            if (!d.alreadyExists(e)) {
                throw e;
            }
        }
        String holder = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long giveUp = clock.millis() + WAIT.toMillis();
        while (true) {
            long now = clock.millis();
            try (PreparedStatement s = Columns.bind(c.prepareStatement("INSERT INTO " + table
                    + " (id, holder, expires_at) VALUES (1, ?, ?)"), holder, now + LEASE.toMillis())) {
                s.executeUpdate();
                return new SchemaLease(c, table, holder);
            } catch (SQLException e) {
                if (!Database.isDuplicateKey(e)) {
                    throw e;
                }
            }
            takeOverIfExpired(c, table, now);
            if (now > giveUp) {
                throw new SQLException("another instance has held the schema migration lease of " + table
                        + " for over " + WAIT.toMinutes() + " minutes", "40001");
            }
            pause();
        }
    }

    /** Deletes the lease if it has expired, so that the next insert can win it. */
    private static void takeOverIfExpired(Connection c, String table, long now) throws SQLException {
        try (PreparedStatement s = Columns.bind(c.prepareStatement("DELETE FROM " + table
                + " WHERE id = 1 AND expires_at < ?"), now)) {
            s.executeUpdate();
        }
    }

    private static void pause() throws SQLException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the schema migration lease", "57014");
        }
    }

    /** Releases the lease, if still ours. */
    @Override
    public void close() throws SQLException {
        try (PreparedStatement s = Columns.bind(connection.prepareStatement("DELETE FROM " + table
                + " WHERE id = 1 AND holder = ?"), holder)) {
            s.executeUpdate();
        }
    }
}

package io.mcpoauth.store.jdbc;

import io.mcpoauth.protocol.StorageUnavailableException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections from the DataSource, one per call and given back at once, with the mapping of failures: a
 * database that cannot be reached becomes {@link StorageUnavailableException} (503 with {@code Retry-After},
 * readiness DOWN); any other SQL error is a bug and becomes {@link IllegalStateException} (500, logged).
 */
final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int ATTEMPTS = 3;

    /** The work of one call on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Schema schema;

    Database(DataSource dataSource, Schema schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The table's name with the configured prefix. */
    String table(String name) {
        return schema.prefix() + name;
    }

    /** Runs the work in auto-commit mode: each statement commits by itself. */
    <T> T call(String what, Work<T> work) {
        schema.ensureMigrated();
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs the work in one transaction, committed when it returns and rolled back when it throws. A
     * transaction the database aborted as a deadlock or serialization failure is run again, up to three times.
     */
    <T> T transaction(String what, Work<T> work) {
        schema.ensureMigrated();
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && isRetryable(e)) {
                    LOG.fine(() -> what + ": retrying after " + e.getSQLState());
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        }
    }

    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not restore auto-commit", e);
        }
    }

    /** Deadlock (40P01) or serialization failure (40001): the same work may succeed when run again. */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("40");
    }

    /** True when the SQL state says a key is already taken (23505, the same on every supported database). */
    static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** The exception a failed call throws, logged here once. */
    static RuntimeException failure(String what, SQLException e) {
        if (isUnavailable(e)) {
            LOG.warning(() -> "JDBC storage: " + what + " failed, database unavailable: " + e);
            return new StorageUnavailableException("storage is temporarily unavailable", e);
        }
        return new IllegalStateException("JDBC storage: " + what + " failed: " + e.getMessage(), e);
    }

    /**
     * Whether the failure means the database cannot be reached or cannot serve now, rather than a mistake in
     * a statement: connection exceptions (SQL state class 08), insufficient resources (53), operator
     * intervention such as a shutdown (57), transaction rollbacks left after retrying (40), timeouts, the
     * JDBC transient and recoverable exception types, I/O underneath, and failures without any SQL state
     * (what a container's connection pool throws when it cannot allocate a connection).
     */
    static boolean isUnavailable(SQLException e) {
        if (e.getSQLState() == null) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                        || state.startsWith("40") || state.startsWith("HYT") || state.equals("XJ040")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

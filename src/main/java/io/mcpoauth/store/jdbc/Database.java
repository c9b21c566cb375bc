package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.StorageUnavailableException;
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
 *
 * <p>What the driver or the server's connection proxy throws is judged whatever its shape: an
 * {@link SQLException}, or a runtime exception with one among its causes (a proxy's
 * {@code UndeclaredThrowableException}, a pool's own wrapper). A failure while cleaning up (rollback, restoring
 * auto-commit, giving the connection back) never replaces the error that caused it: it is added to it as
 * suppressed, and after a call that succeeded it is only logged.
 *
 * <p>After a failover the pool may hand out a connection to the old server that died while it sat idle. A call
 * that fails on such a connection, as unavailable, is run once more on a fresh connection when that cannot
 * apply it twice:
 * <ul>
 * <li>the failure came before any statement was sent: taking the connection, or preparing it for a
 *     transaction (pgjdbc sends {@code BEGIN} only with the first statement);</li>
 * <li>the failure came in a transaction before {@code COMMIT} was sent: the server rolls back a transaction
 *     whose connection is lost, so none of its statements took effect;</li>
 * <li>the call is idempotent ({@link #idempotent}: reads, and writes whose repetition leaves the same rows and
 *     gives the same answer).</li>
 * </ul>
 * A single-use statement in auto-commit mode (consuming a code, taking a pending request, an insert of a new
 * key) whose connection broke while it ran may have committed: it is not repeated, because the repeat would see
 * its own effect and report a replay or a duplicate; the caller gets 503 and the client may retry with a fresh
 * request. Not even when the error says the connection was closed (SQL state 08003): a connection proxy raises
 * that from any later call, a statement's {@code close} included, after a write that did commit. The same
 * reasoning as {@code store/redis/Failures}. The pool's own settings (see {@code server-config/}) then renew every
 * connection to a server that failed, so that only the calls already under way are lost.
 */
final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int ATTEMPTS = 3;

    /** The work of one call on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** How far a call got, which says whether its statements can have taken effect. */
    private enum Stage {
        /** Taking the connection or preparing it: nothing sent. */
        CONNECT,
        /** Running the statements: in auto-commit mode each may have committed. */
        WORK,
        /** {@code COMMIT} sent: the transaction may have committed. */
        COMMIT
    }

    /** A failure, with the stage it came in. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Stage stage;
        private final Exception error;

        Failed(Stage stage, Exception error) {
            super(null, null, false, false);
            this.stage = stage;
            this.error = error;
        }
    }

    private final DataSource dataSource;
    private final Schema schema;

    Database(DataSource dataSource, Schema schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The database's dialect, once the schema is migrated (checked here first). */
    Dialect dialect() {
        schema.ensureMigrated();
        return schema.dialect();
    }

    /** The table's name with the configured prefix. */
    String table(String name) {
        return schema.prefix() + name;
    }

    /**
     * Runs work that may not be repeated (each statement commits by itself): run again on a fresh connection
     * only when the failure came before anything was sent.
     */
    <T> T call(String what, Work<T> work) {
        return run(what, false, false, work);
    }

    /**
     * Runs idempotent work (reads; writes that leave the same rows and answer the same when repeated), each
     * statement committing by itself: run again once on a fresh connection after the database was unavailable.
     */
    <T> T idempotent(String what, Work<T> work) {
        return run(what, true, false, work);
    }

    /**
     * Runs the work in one transaction, committed when it returns and rolled back when it throws. A
     * transaction the database aborted as a deadlock or serialization failure is run again, up to three times;
     * one that failed as unavailable before its {@code COMMIT} was sent is run again once on a fresh connection.
     */
    <T> T transaction(String what, Work<T> work) {
        return run(what, false, true, work);
    }

    private <T> T run(String what, boolean idempotent, boolean transaction, Work<T> work) {
        schema.ensureMigrated();
        boolean reconnected = false;
        for (int attempt = 1; ; attempt++) {
            Failed failed;
            try {
                return transaction ? inTransaction(what, work) : inAutoCommit(what, work);
            } catch (Failed f) {
                failed = f;
            }
            SQLException sql = sqlCause(failed.error);
            if (sql == null) {
                throw (RuntimeException) failed.error;
            }
            if (transaction && attempt < ATTEMPTS && isRetryable(sql)) {
                LOG.fine(() -> what + ": retrying after " + sql.getSQLState());
                continue;
            }
            if (!reconnected && isUnavailable(sql) && repeatable(failed.stage, idempotent, transaction)) {
                reconnected = true;
                LOG.fine(() -> what + ": running again on a fresh connection after " + failed.error);
                continue;
            }
            throw failure(what, sql, failed.error);
        }
    }

    /** Whether running the call again cannot apply it twice (see the class comment). */
    private static boolean repeatable(Stage stage, boolean idempotent, boolean transaction) {
        return idempotent || stage == Stage.CONNECT || transaction && stage == Stage.WORK;
    }

    private <T> T inAutoCommit(String what, Work<T> work) throws Failed {
        Connection c = connect();
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            closeAfter(c, e);
            throw new Failed(Stage.WORK, e);
        }
        closeAfterSuccess(what, c);
        return result;
    }

    private <T> T inTransaction(String what, Work<T> work) throws Failed {
        Connection c = connect();
        boolean autoCommit;
        try {
            autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            closeAfter(c, e);
            throw new Failed(Stage.CONNECT, e);
        }
        Stage stage = Stage.WORK;
        T result;
        try {
            result = work.run(c);
            stage = Stage.COMMIT;
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            restoreAutoCommit(c, autoCommit, e);
            closeAfter(c, e);
            throw new Failed(stage, e);
        }
        restoreAutoCommit(c, autoCommit, null);
        closeAfterSuccess(what, c);
        return result;
    }

    private Connection connect() throws Failed {
        try {
            return dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            throw new Failed(Stage.CONNECT, e);
        }
    }

    /** Gives the connection back after a failure; a failure to do so is kept beside the first. */
    private static void closeAfter(Connection c, Exception cause) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Gives the connection back after the work succeeded: what it did stands, so a failure here is only logged. */
    private static void closeAfterSuccess(String what, Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> what + ": could not give the connection back");
        }
    }

    /** Rolls back; a failure to do so is kept beside the error that caused the rollback. */
    static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Puts auto-commit back as it was. A failure (a closed connection, whatever type its proxy throws) is kept
     * beside {@code cause} when there is one, else only logged: the pool validates or discards the connection.
     */
    static void restoreAutoCommit(Connection c, boolean autoCommit, Throwable cause) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.log(Level.FINE, "could not restore auto-commit", e);
            }
        }
    }

    /**
     * The SQL failure in an error from the driver or the server's connection proxy: the error itself, or the
     * first {@link SQLException} among its causes (a proxy's {@code UndeclaredThrowableException}); null when
     * there is none (a bug of ours, passed on as it is).
     */
    static SQLException sqlCause(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
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
        return failure(what, e, e);
    }

    /**
     * The exception a failed call throws, logged here once: judged by its SQL failure {@code e}, carrying the
     * whole {@code error} as it was thrown (with what clean-up added to it) as its cause.
     */
    static RuntimeException failure(String what, SQLException e, Throwable error) {
        if (isUnavailable(e)) {
            LOG.warning(() -> "JDBC storage: " + what + " failed, database unavailable: " + e);
            return new StorageUnavailableException("storage is temporarily unavailable", error);
        }
        return new IllegalStateException("JDBC storage: " + what + " failed: " + e.getMessage(), error);
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

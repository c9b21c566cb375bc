package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.Stores;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The JDBC backend ({@code jdbc}): plain JDBC through a DataSource the server defines and pools, PostgreSQL
 * for production, or the server's default DataSource (H2 on Payara and WildFly; Derby where a server is
 * configured with it).
 *
 * <p>The schema is created or migrated before the first call that needs it (see {@link Schema}); every table
 * name starts with the configured prefix. Single use is one statement per code, refresh token and pending
 * request, and holds across server instances sharing the database (documented on each store). Expired rows
 * are removed by {@link #purgeExpired}, which the container's scheduler calls, in small batches.
 *
 * <p>A database that cannot be reached makes calls throw {@link StorageUnavailableException}
 * (503 with {@code Retry-After}) and {@link #checkHealth} report DOWN; the next call after it is back works.
 */
public final class JdbcStorage implements Storage {

    public static final String NAME = "jdbc";
    public static final String DEFAULT_DATASOURCE = "java:comp/DefaultDataSource";
    public static final String DEFAULT_TABLE_PREFIX = "mcp_oauth_";

    private static final Logger LOG = Logger.getLogger(JdbcStorage.class.getName());
    private static final int PURGE_BATCH = 500;
    private static final int PURGE_MAX_BATCHES = 100;
    private static final int HEALTH_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final Schema schema;
    private final JdbcClientStore clients;
    private final JdbcCodeStore codes;
    private final JdbcTokenStore tokens;
    private final Stores stores;
    private final JdbcPendingStore pending;
    private final JdbcConsentStore consents;
    private final ExpiredRows expired;

    /** @param clock times the schema lease only: every store call is given its {@code now} */
    public JdbcStorage(DataSource dataSource, String tablePrefix, Clock clock) {
        this(dataSource, tablePrefix, clock, PURGE_BATCH);
    }

    /** @param purgeBatch the most rows one purge statement deletes */
    JdbcStorage(DataSource dataSource, String tablePrefix, Clock clock, int purgeBatch) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = new Schema(dataSource, tablePrefix, clock);
        Database db = new Database(dataSource, schema);
        this.clients = new JdbcClientStore(db);
        this.codes = new JdbcCodeStore(db);
        this.tokens = new JdbcTokenStore(db);
        this.pending = new JdbcPendingStore(db);
        this.consents = new JdbcConsentStore(db);
        this.stores = new Stores(clients, codes, tokens, tokens, tokens, new JdbcTokenTransfer(db), pending, consents,
                new JdbcUsedIdStore(db),
                new JdbcGrantIndexStore(db), new JdbcSubjectBlockStore(db), new JdbcSigningKeyStore(db));
        this.expired = new ExpiredRows(db, purgeBatch, PURGE_MAX_BATCHES);
        try {
            schema.ensureMigrated();
        } catch (StorageUnavailableException e) {
            LOG.warning("JDBC storage: database unavailable at start-up; the schema is checked again on the next "
                    + "call: " + e.getCause());
        }
    }

    /**
     * The backend on the DataSource bound at {@code jndiName} (for example {@code jdbc/mcpOAuth}, or {@link
     * #DEFAULT_DATASOURCE}).
     */
    public static JdbcStorage lookup(String jndiName, String tablePrefix, Clock clock) {
        Object found;
        try {
            found = new InitialContext().lookup(jndiName);
        } catch (NamingException e) {
            throw new IllegalArgumentException("mcp.oauth.jdbc.datasource: nothing bound at " + jndiName, e);
        }
        if (!(found instanceof DataSource ds)) {
            throw new IllegalArgumentException("mcp.oauth.jdbc.datasource: " + jndiName + " is not a DataSource");
        }
        LOG.info(() -> "JDBC storage on DataSource " + jndiName + ", tables " + tablePrefix + "*");
        return new JdbcStorage(ds, tablePrefix, clock);
    }

    /** Checks a table prefix: lower-case letters, digits, underscores, not starting with a digit, at most 30. */
    public static String checkTablePrefix(String prefix) {
        return Schema.checkPrefix(prefix);
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Up when the schema is in place and a transaction can lock a row for writing ({@code SELECT ... FOR
     * UPDATE} on the schema-version row, then rolled back): that fails on a read-only replica as on a
     * database that is down.
     */
    @Override
    public StorageHealth checkHealth() {
        try {
            schema.ensureMigrated();
            try (Connection c = dataSource.getConnection()) {
                return lockVersionRow(c);
            }
        } catch (StorageUnavailableException e) {
            return down("database unavailable");
        } catch (SQLException | RuntimeException e) {
            // A connection proxy may wrap the driver's SQLException in a runtime exception.
            SQLException sql = Database.sqlCause(e);
            boolean unavailable = sql != null && Database.isUnavailable(sql);
            LOG.log(unavailable ? Level.FINE : Level.WARNING, "JDBC storage health check failed", e);
            return down(unavailable ? "database unavailable" : "database error");
        }
    }

    private StorageHealth lockVersionRow(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        StorageHealth up;
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM " + schema.prefix()
                + "schema_version WHERE version = ? FOR UPDATE")) {
            s.setQueryTimeout(HEALTH_TIMEOUT_SECONDS);
            s.setInt(1, Math.min(schema.version(), Schema.LATEST));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
            }
            DatabaseMetaData meta = c.getMetaData();
            up = new StorageHealth(true, Map.of(
                    "database", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion(),
                    "schemaVersion", (long) schema.version(),
                    "tablePrefix", schema.prefix()));
        } catch (SQLException | RuntimeException e) {
            Database.rollbackQuietly(c, e);
            Database.restoreAutoCommit(c, autoCommit, e);
            throw e;
        }
        c.rollback();
        Database.restoreAutoCommit(c, autoCommit, null);
        return up;
    }

    private static StorageHealth down(String reason) {
        return new StorageHealth(false, Map.of("error", reason));
    }

    @Override
    public long purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return expired.purge(now);
    }
}

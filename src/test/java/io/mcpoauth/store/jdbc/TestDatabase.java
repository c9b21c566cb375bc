package io.mcpoauth.store.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for one test class: the real PostgreSQL on 127.0.0.1:5432 (user postgres, database test), or H2
 * in memory, with a table prefix of its own so that runs never see each other's rows. PostgreSQL not answering
 * fails the test; it is never skipped.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TestPool postgresPool;

    private final TestPool pool;
    private final String prefix;
    private final boolean ownPool;

    private TestDatabase(TestPool pool, String prefix, boolean ownPool) {
        this.pool = pool;
        this.prefix = prefix;
        this.ownPool = ownPool;
    }

    /** PostgreSQL through a shared pool, with a fresh prefix. */
    public static TestDatabase postgres() {
        return postgres(uniquePrefix());
    }

    /** PostgreSQL through a shared pool, for the tables of the given prefix. */
    public static synchronized TestDatabase postgres(String prefix) {
        if (postgresPool == null) {
            postgresPool = new TestPool(postgresDirect(POSTGRES_URL));
        }
        return new TestDatabase(postgresPool, prefix, false);
    }

    /** H2 in memory (the engine of Payara's default DataSource), a database of its own. */
    public static TestDatabase h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + uniquePrefix() + ";DB_CLOSE_DELAY=-1");
        return new TestDatabase(new TestPool(h2), uniquePrefix(), true);
    }

    /** Derby in memory (the database Open Liberty's default DataSource may use), a database of its own. */
    public static TestDatabase derby() {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName("memory:" + uniquePrefix());
        derby.setCreateDatabase("create");
        return new TestDatabase(new TestPool(derby), uniquePrefix(), true);
    }

    /** A PostgreSQL DataSource without pooling: every connection is a new one. */
    public static PGSimpleDataSource postgresDirect(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(5);
        return ds;
    }

    /** A prefix no other run uses: {@code t} and ten random letters or digits, then {@code _}. */
    public static String uniquePrefix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder("t");
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.append('_').toString();
    }

    public String prefix() {
        return prefix;
    }

    /** How many migrations this release has: a migrated database records each version once (with gaps). */
    public static int migrations() {
        return Schema.versions().size();
    }

    /** The highest version of this release's migrations. */
    public static int latestVersion() {
        return Schema.LATEST;
    }

    TestPool pool() {
        return pool;
    }

    /** A new storage on this database and prefix; fails when the database does not answer. */
    public JdbcStorage newStorage() {
        return newStorage(500);
    }

    JdbcStorage newStorage(int purgeBatch) {
        assertAnswers();
        return new JdbcStorage(pool, prefix, Clock.systemUTC(), purgeBatch);
    }

    private void assertAnswers() {
        try (Connection c = pool.getConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("the test database does not answer (PostgreSQL must run on 127.0.0.1:5432 "
                    + "with user postgres and database test; .ci/run starts it): " + e, e);
        }
    }

    /** Names of this prefix's tables, lower case. */
    public List<String> tables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (name.startsWith(prefix)) {
                        tables.add(name);
                    }
                }
            }
        }
        return tables;
    }

    /** Runs one statement in auto-commit mode. @return the update count */
    public int update(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /** The single number a query answers. */
    public long count(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops this prefix's tables, and for H2 the whole in-memory database. */
    public void drop() throws SQLException {
        for (String table : tables()) {
            update("DROP TABLE " + table);
        }
        if (ownPool) {
            if (pool.getConnection().getMetaData().getDatabaseProductName().contains("H2")) {
                update("SHUTDOWN");
            }
            pool.closeAll();
        }
    }

    /** {@link #drop()}, so that a test can hold the database in {@code try}. */
    @Override
    public void close() throws SQLException {
        drop();
    }
}

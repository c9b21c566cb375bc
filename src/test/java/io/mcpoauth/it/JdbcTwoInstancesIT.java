package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.jdbc.TestDatabase;
import java.util.List;

/**
 * {@link TwoInstancesTests} on the JDBC backend: two Payara Micro servers on one PostgreSQL database, each with
 * the post-boot command file and driver that docs/jdbc.md gives, migrating one schema.
 */
class JdbcTwoInstancesIT extends TwoInstancesTests {

    private final TestDatabase db = TestDatabase.postgres(TestDatabase.uniquePrefix());

    JdbcTwoInstancesIT() {
        super(8484, 8585);
    }

    @Override
    PayaraProcess start(int port) throws Exception {
        return PayaraProcess.start(port,
                StorageServers.withAdmin(StorageServers.withSignedJwts(
                        StorageServers.jdbc(issuer(), "jdbc/mcpOAuth", db.prefix()))),
                StorageServers.postgresEnv(TestDatabase.POSTGRES_URL, "unused"), StorageServers.postgresArgs());
    }

    @Override
    String backend() {
        return "jdbc";
    }

    /**
     * Both on PostgreSQL, each migration recorded once though both instances started on the empty database. The
     * versions may have gaps (a number taken by a change not in this release), so they are counted, not read off
     * the highest.
     */
    @Override
    void assertOnOneStore(List<String> readiness) throws Exception {
        readiness.forEach(body -> assertTrue(body.contains("PostgreSQL"), body));
        assertEquals(TestDatabase.migrations(), db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version"));
        assertEquals(TestDatabase.latestVersion(),
                db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
    }

    @Override
    void cleanUp() throws Exception {
        db.drop();
    }
}

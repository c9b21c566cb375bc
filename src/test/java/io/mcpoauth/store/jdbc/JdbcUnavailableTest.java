package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL taken away and brought back, through a TCP proxy: every call fails as unavailable (503), never
 * as a wrong answer; health is DOWN; the same storage works again once the database is back. A mistake in SQL
 * (here a table dropped under the server) is not mistaken for unavailability.
 */
class JdbcUnavailableTest {

    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private static JdbcStorage storageThrough(TcpProxy proxy, String prefix) {
        return new JdbcStorage(TestDatabase.postgresDirect("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test"),
                prefix, Clock.systemUTC(), 500);
    }

    private static void assertUnavailable(JdbcStorage storage) {
        Instant now = Fixtures.now();
        List<Consumer<JdbcStorage>> calls = List.of(
                s -> s.clients().find("c", now),
                s -> s.clients().save(Fixtures.publicClient("c", now), now),
                s -> s.codes().consume(Fixtures.key(), now),
                s -> s.accessTokens().findAccessToken(Fixtures.key(), now),
                s -> Fixtures.rotated(s.refreshTokens(), Fixtures.key(), Fixtures.refreshToken(Fixtures.key(), "g", now,
                        ONE_HOUR), now),
                s -> s.grants().revokeGrant("g", now.plus(ONE_HOUR), now),
                s -> s.pendingAuthorizations().take(Fixtures.key(), now),
                s -> s.consents().find("alice", "c", now),
                s -> s.purgeExpired(now));
        for (Consumer<JdbcStorage> call : calls) {
            StorageUnavailableException e = assertThrows(StorageUnavailableException.class, () -> call.accept(storage));
            assertEquals("storage is temporarily unavailable", e.getMessage());
        }
        StorageHealth health = storage.checkHealth();
        assertFalse(health.up());
        assertEquals("database unavailable", health.data().get("error"));
    }

    @Test
    void startWhenDatabaseDownThenUnavailableUntilItComesUpThenSchemaCreatedAndWorking() throws Exception {
        Instant now = Fixtures.now();
        TestDatabase db = TestDatabase.postgres();
        try (TcpProxy proxy = new TcpProxy(5432)) {
            JdbcStorage storage = storageThrough(proxy, db.prefix());
            assertUnavailable(storage);
            assertEquals(List.of(), db.tables());

            proxy.start();
            assertTrue(storage.checkHealth().up());
            storage.codes().save(Fixtures.code("code", now, ONE_HOUR), now);
            assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("code", now));
        } finally {
            db.drop();
        }
    }

    @Test
    void callWhenDatabaseGoesAwayThenUnavailableAndWhenBackThenSameStorageWorks() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        try (TcpProxy proxy = new TcpProxy(5432).start()) {
            JdbcStorage storage = storageThrough(proxy, db.prefix());
            Instant now = Fixtures.now();
            storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r1", "g", now, ONE_HOUR), now);
            assertTrue(storage.checkHealth().up());

            proxy.stop();
            assertUnavailable(storage);

            proxy.start();
            assertTrue(storage.checkHealth().up());
            assertTrue(Fixtures.rotated(storage.refreshTokens(), "r1", Fixtures.refreshToken("r2", "g", now,
                    ONE_HOUR), now),
                    "nothing was changed while the database was away");
        } finally {
            db.drop();
        }
    }

    @Test
    void callWhenTableMissingThenErrorIsNotTakenForUnavailability() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            JdbcStorage storage = db.newStorage();
            db.update("DROP TABLE " + db.prefix() + "codes");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> storage.codes().consume(Fixtures.key(), Fixtures.now()));
            assertTrue(e.getMessage().startsWith("JDBC storage: consume code failed"), e.getMessage());
        }
    }

    @Test
    void classifyWhenConnectionStatesThenUnavailableElseNot() {
        for (String state : new String[] {"08001", "08006", "53300", "57P01", "57P03", "40001", "HYT00"}) {
            assertTrue(Database.isUnavailable(new java.sql.SQLException("x", state)), state);
        }
        assertTrue(Database.isUnavailable(new java.sql.SQLException("pool could not allocate a connection")));
        for (String state : new String[] {"42P01", "42601", "23505", "22001"}) {
            assertFalse(Database.isUnavailable(new java.sql.SQLException("x", state)), state);
        }
    }
}

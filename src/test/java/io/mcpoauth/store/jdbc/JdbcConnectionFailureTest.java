package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.jdbc.FaultyDataSource.Fault;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections that break as they do after a failover, whatever the driver or the server's connection proxy
 * throws: every failure is answered as unavailable (503), never as a bug (500); a failure while cleaning up
 * never hides the first one; a call is run once more on a fresh connection only when that cannot apply it twice.
 */
class JdbcConnectionFailureTest {

    private static final Duration ONE_HOUR = Duration.ofHours(1);

    private FaultyDataSource faults;
    private JdbcStorage storage;

    @BeforeEach
    void start() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + TestDatabase.uniquePrefix() + ";DB_CLOSE_DELAY=-1");
        faults = new FaultyDataSource(h2);
        storage = new JdbcStorage(faults.dataSource(), "t_", Clock.systemUTC(), 500);
        faults.reset();
    }

    private static StorageUnavailableException assertUnavailable(Runnable call) {
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class, call::run);
        assertEquals("storage is temporarily unavailable", e.getMessage());
        return e;
    }

    private RefreshTokenRecord savedRefreshToken(String hash) {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = Fixtures.refreshToken(hash, "g-" + hash, now, ONE_HOUR);
        storage.refreshTokens().saveRefreshToken(token, now);
        faults.reset();
        return token;
    }

    @Test
    void rotateWhenCleanUpThrowsProxyExceptionsThenUnavailableWithTheFirstErrorKept() {
        savedRefreshToken("r1");
        // The statement fails; rollback, restoring auto-commit and close then throw the proxy's
        // UndeclaredThrowableException, which used to escape the clean-up and replace the first error (a 500).
        SQLException first = FaultyDataSource.ioError();
        SQLException second = FaultyDataSource.ioError();
        faults.thenConnection(Fault.before("executeUpdate", first)).thenConnection(Fault.before("executeUpdate", second));

        StorageUnavailableException e = assertUnavailable(() -> Fixtures.rotated(storage.refreshTokens(), "r1",
                Fixtures.refreshToken("r2", "g-r1", Fixtures.now(), ONE_HOUR), Fixtures.now()));

        assertSame(second, e.getCause(), "the error that failed the call, not one from cleaning up");
        assertTrue(second.getSuppressed().length >= 2, Arrays.toString(second.getSuppressed()));
        for (Throwable suppressed : second.getSuppressed()) {
            assertInstanceOf(UndeclaredThrowableException.class, suppressed);
        }
        assertEquals(2, faults.taken(), "run once more on a fresh connection, and only once");
    }

    @Test
    void rotateWhenConnectionDiesBeforeCommitThenRunAgainOnAFreshConnectionOnce() {
        savedRefreshToken("r1");
        faults.thenConnection(Fault.after("executeUpdate", FaultyDataSource.ioError()));

        assertTrue(Fixtures.rotated(storage.refreshTokens(), "r1",
                Fixtures.refreshToken("r2", "g-r1", Fixtures.now(), ONE_HOUR), Fixtures.now()),
                "nothing of the broken transaction was committed, so running it again is the only rotation");
        assertEquals(2, faults.taken());
        assertFalse(Fixtures.rotated(storage.refreshTokens(), "r1",
                Fixtures.refreshToken("r3", "g-r1", Fixtures.now(), ONE_HOUR), Fixtures.now()));
        assertTrue(storage.refreshTokens().findRefreshToken("r2", Fixtures.now()).isPresent());
    }

    @Test
    void rotateWhenCommitFailsThenUnavailableAndNotRunAgain() {
        savedRefreshToken("r1");
        faults.thenConnection(Fault.before("commit", FaultyDataSource.ioError()));

        assertUnavailable(() -> Fixtures.rotated(storage.refreshTokens(), "r1",
                Fixtures.refreshToken("r2", "g-r1", Fixtures.now(), ONE_HOUR), Fixtures.now()));
        assertEquals(1, faults.taken(), "a COMMIT whose reply was lost may have committed: never repeated");
    }

    @Test
    void consumeWhenReplyLostThenUnavailableAndNotRunAgain() {
        Instant now = Fixtures.now();
        storage.codes().save(Fixtures.code("c1", now, ONE_HOUR), now);
        faults.reset();
        faults.thenConnection(Fault.after("executeUpdate",
                new UndeclaredThrowableException(FaultyDataSource.ioError())));

        assertUnavailable(() -> storage.codes().consume("c1", now));

        assertEquals(1, faults.writes(), "a single-use statement that may have committed is not repeated");
        assertEquals(1, faults.taken());
        assertInstanceOf(CodeConsumption.Replayed.class, storage.codes().consume("c1", now),
                "it had run: repeating it would have reported the caller's own use as a replay");
    }

    @Test
    void consumeWhenConnectionSaysClosedAfterTheWriteThenUnavailableAndNotRunAgain() {
        Instant now = Fixtures.now();
        storage.codes().save(Fixtures.code("c1", now, ONE_HOUR), now);
        faults.reset();
        faults.thenConnection(Fault.after("executeUpdate", FaultyDataSource.closedByProxy()));

        assertUnavailable(() -> storage.codes().consume("c1", now));

        assertEquals(1, faults.taken(), "\"closed\" raised after a write does not mean nothing was sent");
        assertInstanceOf(CodeConsumption.Replayed.class, storage.codes().consume("c1", now));
    }

    @Test
    void findWhenReplyLostThenReadAgainOnAFreshConnection() {
        savedRefreshToken("r1");
        faults.thenConnection(Fault.after("executeQuery", FaultyDataSource.ioError()));

        assertTrue(storage.refreshTokens().findRefreshToken("r1", Fixtures.now()).isPresent());
        assertEquals(2, faults.taken());
    }

    @Test
    void saveWhenNoConnectionOnceThenSavedOnTheNext() {
        Instant now = Fixtures.now();
        faults.thenNoConnection(new SQLException("Connection refused", "08001"));

        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a1", "g", now, ONE_HOUR), now);

        assertEquals(2, faults.taken());
        assertTrue(storage.accessTokens().findAccessToken("a1", now).isPresent());
    }

    @Test
    void saveWhenNoConnectionTwiceThenUnavailableAfterOneMoreTry() {
        Instant now = Fixtures.now();
        faults.thenNoConnection(new UndeclaredThrowableException(new SQLException("Connection refused", "08001")))
                .thenNoConnection(new SQLException("Connection refused", "08001"));

        assertUnavailable(() -> storage.accessTokens().saveAccessToken(
                Fixtures.accessToken("a1", "g", now, ONE_HOUR), now));
        assertEquals(2, faults.taken());
    }

    @Test
    void saveWhenGivingTheConnectionBackFailsThenSaved() {
        Instant now = Fixtures.now();
        faults.thenConnection(Fault.before("close", FaultyDataSource.closedByProxy()));

        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a1", "g", now, ONE_HOUR), now);

        assertEquals(1, faults.taken(), "what was done stands: failing to give the connection back is no error");
        assertTrue(storage.accessTokens().findAccessToken("a1", now).isPresent());
    }

    @Test
    void findWhenProxyWrapsAStatementErrorThenBugNotUnavailableAndNotRunAgain() {
        faults.thenConnection(Fault.before("executeQuery",
                new UndeclaredThrowableException(new SQLException("relation does not exist", "42P01"))));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> storage.refreshTokens().findRefreshToken("r1", Fixtures.now()));
        assertInstanceOf(UndeclaredThrowableException.class, e.getCause());
        assertEquals(1, faults.taken());
    }

    @Test
    void healthWhenProxyThrowsForAClosedConnectionThenDatabaseUnavailable() {
        faults.thenConnection(Fault.before("getAutoCommit", FaultyDataSource.closedByProxy()));

        StorageHealth health = storage.checkHealth();

        assertFalse(health.up());
        assertEquals("database unavailable", health.data().get("error"));
    }
}

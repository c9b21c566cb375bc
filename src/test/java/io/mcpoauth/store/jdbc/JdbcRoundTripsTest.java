package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.server.RoundTripRequests;
import io.mcpoauth.server.TokenResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an introspection and a refresh cost in statements on PostgreSQL (each one round trip), with everything a
 * request does but HTTP, counted on the storage's own connections ({@link CountingDataSource}); and, for
 * comparison, on H2, which keeps the transaction of every dialect but PostgreSQL's.
 */
class JdbcRoundTripsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private TestDatabase db;
    private CountingDataSource counted;
    private JdbcStorage storage;
    private RoundTripRequests requests;

    private void open(TestDatabase database) {
        db = database;
        counted = new CountingDataSource(db.pool());
        storage = new JdbcStorage(counted.dataSource(), db.prefix(), Clock.systemUTC());
        requests = new RoundTripRequests(storage, NOW, oauth -> new MemoryRateLimiter());
    }

    @AfterEach
    void close() throws Exception {
        db.drop();
    }

    @Test
    void introspectWhenPostgresqlThenOneStatement() {
        open(TestDatabase.postgres());
        String token = requests.token(Map.of("grant_type", "client_credentials"), "svc").accessToken();
        counted.takeSent();
        assertEquals(true, requests.introspect(token));
        assertEquals(List.of("SELECT"), counted.takeSent(), "the token and its grant's revocation, one query");
    }

    @Test
    void refreshWhenPostgresqlThenTheReadAndOneStatement() {
        open(TestDatabase.postgres());
        String refresh = requests.refresh(requests.seedRefreshToken(Duration.ZERO)).refreshToken();
        counted.takeSent();
        for (int i = 0; i < 3; i++) {
            TokenResponse next = requests.refresh(refresh);
            // The presented token with its grant's revocation; then one statement that rotates it unless it was
            // rotated, its grant revoked or its subject blocked meanwhile, and stores the successor and the new
            // access token, committing by itself.
            assertEquals(List.of("SELECT", "WITH"), counted.takeSent(), "statements of a refresh");
            refresh = next.refreshToken();
            assertEquals(true, requests.introspect(next.accessToken()), "the access token was stored by it");
            counted.takeSent();
        }
    }

    @Test
    void refreshWhenPostgresqlAndSubjectBlockedThenRefusedByTheStatementAndTheGrantRevoked() {
        open(TestDatabase.postgres());
        TokenResponse held = requests.refresh(requests.refresh(requests.seedRefreshToken(Duration.ZERO))
                .refreshToken());
        storage.subjectBlocks().block("alice", NOW.plus(Duration.ofHours(1)), NOW);
        assertEquals("invalid_grant", assertThrows(OAuthException.class,
                () -> requests.refresh(held.refreshToken())).error().code());
        assertEquals(false, requests.introspect(held.accessToken()), "the refusal revoked the grant");
        storage.subjectBlocks().unblock("alice", NOW);
        assertThrows(OAuthException.class, () -> requests.refresh(held.refreshToken()), "revoked for good");
    }

    @Test
    void refreshWhenOtherDialectThenTheTransactionAndTheBlockRead() {
        open(TestDatabase.h2());
        String refresh = requests.refresh(requests.seedRefreshToken(Duration.ZERO)).refreshToken();
        counted.takeSent();
        assertNotNull(requests.refresh(refresh).refreshToken());
        assertEquals(List.of("UPDATE", "SELECT", "INSERT", "INSERT", "COMMIT", "SELECT"), counted.takeSent());
    }
}

package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.server.RoundTripRequests;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.AccessTokenRecord;
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
    void refreshWhenPostgresqlThenOneStatement() {
        open(TestDatabase.postgres());
        String refresh = requests.refresh(requests.seedRefreshToken(Duration.ZERO)).refreshToken();
        counted.takeSent();
        for (int i = 0; i < 3; i++) {
            TokenResponse next = requests.refresh(refresh);
            // One statement reads the presented token, rotates it unless it was rotated, its grant revoked or its
            // subject blocked meanwhile, and stores the successor and the new access token derived from it,
            // committing by itself.
            assertEquals(List.of("WITH"), counted.takeSent(), "statements of a refresh");
            refresh = next.refreshToken();
            assertEquals(RoundTripRequests.RESOURCES, stored(next.accessToken()).grant().resources());
            assertEquals("mcp:read mcp:write", next.scope());
            assertEquals(true, requests.introspect(next.accessToken()), "the access token was stored by it");
            counted.takeSent();
        }
    }

    @Test
    void refreshWhenPostgresqlAndOneResourceRequestedThenOneStatementAndTheAccessTokenNarrowed() {
        open(TestDatabase.postgres());
        String refresh = requests.seedRefreshToken(Duration.ZERO);
        counted.takeSent();
        TokenResponse next = requests.refresh(refresh, "resource", "https://files.example.com/mcp");
        assertEquals(List.of("WITH"), counted.takeSent());
        assertEquals(List.of("https://files.example.com/mcp"), stored(next.accessToken()).grant().resources());
        TokenResponse after = requests.refresh(next.refreshToken());
        assertEquals(RoundTripRequests.RESOURCES, stored(after.accessToken()).grant().resources(),
                "the successor kept the grant's whole audience");
    }

    @Test
    void refreshWhenPostgresqlAndScopeNarrowedThenTheReadAndOneStatement() {
        open(TestDatabase.postgres());
        String refresh = requests.seedRefreshToken(Duration.ZERO);
        counted.takeSent();
        assertEquals("mcp:read", requests.refresh(refresh, "scope", "mcp:read").scope());
        assertEquals(List.of("SELECT", "WITH"), counted.takeSent(), "no rule describes a narrowed scope");
    }

    @Test
    void refreshWhenPostgresqlAndResourceNotGrantedThenInvalidTargetAndTheTokenStillRefreshes() {
        open(TestDatabase.postgres());
        String refresh = requests.seedRefreshToken(Duration.ZERO);
        counted.takeSent();
        assertEquals("invalid_target", assertThrows(OAuthException.class,
                () -> requests.refresh(refresh, "resource", "https://elsewhere.example.com/mcp")).error().code());
        assertEquals(List.of("WITH"), counted.takeSent(), "the statement found the rule not holding, and wrote nothing");
        assertNotNull(requests.refresh(refresh).refreshToken(), "not rotated by the refusal");
    }

    @Test
    void refreshWhenPostgresqlAndGrantWithoutAudienceThenTheStatementAndTheGeneralOne() {
        open(TestDatabase.postgres());
        String refresh = requests.seedRefreshToken(Duration.ZERO, List.of());
        counted.takeSent();
        TokenResponse next = requests.refresh(refresh);
        assertEquals(List.of("WITH", "WITH"), counted.takeSent());
        assertEquals(true, requests.introspect(next.accessToken()));
    }

    private AccessTokenRecord stored(String accessToken) {
        return storage.accessTokens().findAccessToken(Tokens.hash(accessToken), NOW).orElseThrow();
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

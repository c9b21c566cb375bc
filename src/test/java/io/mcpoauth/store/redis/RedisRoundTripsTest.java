package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.ReconcilingRateLimiter;
import io.mcpoauth.server.RoundTripRequests;
import io.mcpoauth.server.TokenResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an introspection and a refresh cost in Redis round trips, with everything a request does but HTTP (rate
 * limits as the application builds them on Redis, client authentication of configured confidential clients,
 * audit events), counted on the storage's own connections ({@link CountingClient}). Counted once the caller's
 * rate-limit keys are in the limiter's view, as for any client that keeps calling.
 */
class RedisRoundTripsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private final String prefix = RedisTests.newPrefix();
    private final CountingClient client = new CountingClient();
    private RedisStorage storage;
    private ReconcilingRateLimiter limiter;
    private RoundTripRequests requests;

    @BeforeEach
    void open() {
        RedisSettings settings = RedisTests.settings(prefix, Map.of());
        storage = new RedisStorage(settings, new RedisExecutor(client::jedis, 3, Duration.ofMillis(10),
                Duration.ofMillis(100)));
        requests = new RoundTripRequests(storage, NOW, oauth -> limiter = new ReconcilingRateLimiter(
                storage.rateLimiter(), oauth.rateLimits().reconcileInterval()));
        limiter.reconcile(NOW);
    }

    @AfterEach
    void close() {
        storage.close();
        RedisTests.deleteAll(prefix);
    }

    @Test
    void introspectWhenClientIsConfiguredThenOneRoundTrip() {
        String token = requests.token(Map.of("grant_type", "client_credentials"), "svc").accessToken();
        assertEquals(true, requests.introspect(token), "the first call reads the caller's counters");
        limiter.reconcile(NOW);
        client.takeSent();
        for (int i = 0; i < 3; i++) {
            assertEquals(true, requests.introspect(token));
            assertEquals(List.of("EVALSHA"), client.takeSent(), "the token and its grant's revocation, one script");
        }
        limiter.reconcile(NOW);
        assertEquals(List.of("EVALSHA"), client.takeSent(), "a reconcile sends every count in one call");
        assertEquals(false, requests.introspect("no-such-token"));
        assertEquals(List.of("EVALSHA"), client.takeSent());
    }

    @Test
    void refreshWhenClientIsConfiguredThenTwoRoundTripsWithTheSubjectsBlock() {
        String refresh = requests.refresh(requests.seedRefreshToken(Duration.ZERO)).refreshToken();
        limiter.reconcile(NOW);
        client.takeSent();
        for (int i = 0; i < 3; i++) {
            TokenResponse next = requests.refresh(refresh);
            // The presented token with its grant's revocation; then the rotation, which also reads the subject's
            // block (offboarding) and writes the successor, its index and the new access token.
            assertEquals(List.of("EVALSHA", "EVALSHA"), client.takeSent(), "round trips of a refresh");
            assertNotNull(next.refreshToken());
            refresh = next.refreshToken();
            assertEquals(true, requests.introspect(next.accessToken()), "the access token was stored by the rotation");
            client.takeSent();
        }
    }

    @Test
    void refreshWhenItReplacesTheGrantsIndexRecordThenTheBlockIsReadAfterThatWrite() {
        String refresh = requests.seedRefreshToken(Duration.ofHours(2));
        requests.refresh(requests.seedRefreshToken(Duration.ZERO));
        limiter.reconcile(NOW);
        client.takeSent();
        assertNotNull(requests.refresh(refresh).refreshToken());
        // Once an hour a refresh replaces its grant's index record (one pipeline, which this counter does not
        // see); an offboarding's listing may fall between the rotation and that write, so the block is read
        // again after it.
        assertEquals(List.of("EVALSHA", "EVALSHA", "GET"), client.takeSent());
    }

    @Test
    void refreshWhenSubjectBlockedThenRefusedByTheRotationAndTheGrantRevoked() {
        String refresh = requests.refresh(requests.seedRefreshToken(Duration.ZERO)).refreshToken();
        TokenResponse held = requests.refresh(refresh);
        storage.subjectBlocks().block("alice", NOW.plus(Duration.ofHours(1)), NOW);
        OAuthException refused = assertThrows(OAuthException.class, () -> requests.refresh(held.refreshToken()));
        assertEquals("invalid_grant", refused.error().code());
        assertEquals(false, requests.introspect(held.accessToken()), "the refusal revoked the grant");
        storage.subjectBlocks().unblock("alice", NOW);
        assertThrows(OAuthException.class, () -> requests.refresh(held.refreshToken()), "revoked for good");
    }
}

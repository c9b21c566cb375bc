package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two server instances (ports 8181 and 8282) on one Redis (127.0.0.1:6379, under a key prefix of this run),
 * as two instances behind one load balancer: they share one issuer. Single use holds across them, a revocation
 * at one is seen at the other, and an instance that restarts finds its clients and tokens again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisTwoInstancesIT {

    private static final String ISSUER = "http://localhost:8181";
    private static final String REDIS = System.getProperty("mcp.oauth.test.redis-url", "redis://127.0.0.1:6379");
    private static final String PREFIX = "it:" + Long.toHexString(System.nanoTime()) + ":";
    private static final int ROUNDS = 8;

    private static PayaraProcess a;
    private static PayaraProcess b;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> config = OAuthFlows.serverConfig(ISSUER, REDIS, PREFIX);
        Future<PayaraProcess> second = POOL.submit(() -> PayaraProcess.start(8282, config));
        try {
            a = PayaraProcess.start(8181, config);
        } finally {
            b = second.get(300, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        POOL.shutdownNow();
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            OAuthFlows.deleteKeys(REDIS, PREFIX);
        }
    }

    @Test
    @Order(1)
    void codeWhenExchangedAtBothInstancesAtOnceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String code = OAuthFlows.code(a.base(), "app", "ada");
            List<HttpResponse<String>> both = together(
                    () -> OAuthFlows.exchange(a.base(), "app", OAuthFlows.SECRET, code),
                    () -> OAuthFlows.exchange(b.base(), "app", OAuthFlows.SECRET, code));
            assertOneWinner(both, "round " + round);
            // The loser's replay revoked the grant (RFC 9700 4.2.4): the winner's token is dead at both.
            String access = winner(both).getString("access_token");
            assertFalse(OAuthFlows.active(a.base(), access));
            assertFalse(OAuthFlows.active(b.base(), access));
        }
    }

    @Test
    @Order(2)
    void refreshTokenWhenUsedAtBothInstancesAtOnceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            JsonObject tokens = OAuthFlows.tokens(a.base(), "app", OAuthFlows.SECRET, "ada");
            String refresh = tokens.getString("refresh_token");
            List<HttpResponse<String>> both = together(
                    () -> OAuthFlows.refresh(a.base(), "app", OAuthFlows.SECRET, refresh),
                    () -> OAuthFlows.refresh(b.base(), "app", OAuthFlows.SECRET, refresh));
            assertOneWinner(both, "round " + round);
            // The loser counts as reuse: the whole family is revoked, the winner's new refresh token too.
            String next = winner(both).getString("refresh_token");
            HttpResponse<String> again = OAuthFlows.refresh(b.base(), "app", OAuthFlows.SECRET, next);
            assertEquals(400, again.statusCode(), again.body());
        }
    }

    @Test
    @Order(3)
    void tokenWhenRevokedAtOneInstanceThenInactiveAtTheOther() throws Exception {
        JsonObject tokens = OAuthFlows.tokens(a.base(), "app", OAuthFlows.SECRET, "ada");
        String access = tokens.getString("access_token");
        assertTrue(OAuthFlows.active(b.base(), access));
        assertEquals(200, OAuthFlows.revoke(a.base(), "app", OAuthFlows.SECRET, access).statusCode());
        assertFalse(OAuthFlows.active(b.base(), access));

        JsonObject other = OAuthFlows.tokens(b.base(), "app", OAuthFlows.SECRET, "bob");
        assertTrue(OAuthFlows.active(a.base(), other.getString("access_token")));
        // Revoking the refresh token at B revokes its grant, access token included, at A.
        assertEquals(200, OAuthFlows.revoke(b.base(), "app", OAuthFlows.SECRET, other.getString("refresh_token"))
                .statusCode());
        assertFalse(OAuthFlows.active(a.base(), other.getString("access_token")));
    }

    @Test
    @Order(4)
    void instanceWhenRestartedThenItsRegisteredClientsAndTokensStillWork() throws Exception {
        String clientId = OAuthFlows.register(a.base());
        JsonObject tokens = OAuthFlows.tokens(a.base(), clientId, null, "carol");
        JsonObject confidential = OAuthFlows.tokens(a.base(), "app", OAuthFlows.SECRET, "dave");

        a.stop();
        assertTrue(OAuthFlows.active(b.base(), tokens.getString("access_token")), "B serves while A is down");
        a = PayaraProcess.start(8181, OAuthFlows.serverConfig(ISSUER, REDIS, PREFIX));

        assertTrue(OAuthFlows.active(a.base(), tokens.getString("access_token")));
        assertTrue(OAuthFlows.active(a.base(), confidential.getString("access_token")));
        HttpResponse<String> refreshed = OAuthFlows.refresh(a.base(), clientId, null, tokens.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertTrue(OAuthFlows.active(b.base(), Http.json(refreshed).getString("access_token")));
        // The client registered before the restart still authorizes and exchanges codes.
        JsonObject fresh = OAuthFlows.tokens(a.base(), clientId, null, "carol");
        assertTrue(OAuthFlows.active(b.base(), fresh.getString("access_token")));
    }

    /** Sends both calls released by one latch, and returns both responses. */
    private static List<HttpResponse<String>> together(Callable<HttpResponse<String>> first,
            Callable<HttpResponse<String>> second) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<HttpResponse<String>> f1 = POOL.submit(() -> {
            go.await();
            return first.call();
        });
        Future<HttpResponse<String>> f2 = POOL.submit(() -> {
            go.await();
            return second.call();
        });
        go.countDown();
        return List.of(f1.get(60, TimeUnit.SECONDS), f2.get(60, TimeUnit.SECONDS));
    }

    private static void assertOneWinner(List<HttpResponse<String>> both, String where) {
        long ok = both.stream().filter(r -> r.statusCode() == 200).count();
        assertEquals(1, ok, where + ": " + both.get(0).body() + " / " + both.get(1).body());
        HttpResponse<String> loser = both.stream().filter(r -> r.statusCode() != 200).findFirst().orElseThrow();
        assertEquals(400, loser.statusCode(), where + ": " + loser.body());
        assertEquals("invalid_grant", Http.json(loser).getString("error"), where);
    }

    private static JsonObject winner(List<HttpResponse<String>> both) {
        return Http.json(both.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow());
    }
}

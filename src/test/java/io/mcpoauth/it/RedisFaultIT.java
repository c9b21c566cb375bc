package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away under a running server and comes back.
 *
 * <p>The test starts a Redis of its own on port 6390, persisting with an append-only file fsync'ed on every
 * write ({@code appendfsync always}), and a server on it (port 8282). It issues tokens, then kills Redis with
 * SIGKILL, as a crash would: the port is then closed and every OAuth endpoint that needs storage must answer
 * 503 with {@code Retry-After} and an RFC 6749 JSON error (or, at {@code /authorize}, an error page with
 * 503), never a 500 and never a false {@code invalid_grant} or {@code active: false}; readiness must be DOWN.
 * Then the same Redis is started again on the same data directory. With {@code appendfsync always} no
 * acknowledged write is lost by the kill, so "no lost tokens" is an honest claim here: the server must recover
 * by itself (readiness UP again, no restart of the server) and every token issued before the outage must still
 * work. With {@code everysec} up to one second of writes could be lost by such a crash; see docs/redis.md.
 */
class RedisFaultIT {

    private static final int REDIS_PORT = 6390;
    private static final String ISSUER = "http://localhost:8282";
    private static RedisServer redis;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.fresh(REDIS_PORT);
        server = PayaraProcess.start(8282, OAuthFlows.serverConfig(ISSUER, redis.url(), "oauth:"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void redisWhenKilledThen503sAndReadinessDownAndWhenBackThenRecoveredWithNoLostTokens() throws Exception {
        URI base = server.base();
        JsonObject before = OAuthFlows.tokens(base, "app", OAuthFlows.SECRET, "ada");
        String registered = OAuthFlows.register(base);
        JsonObject publicTokens = OAuthFlows.tokens(base, registered, null, "bob");
        String spareCode = OAuthFlows.code(base, "app", "ada");
        assertTrue(OAuthFlows.active(base, before.getString("access_token")));
        assertEquals(200, Http.get(base, "health/ready").statusCode());

        redis.kill();

        List<HttpResponse<String>> during = new ArrayList<>();
        during.add(OAuthFlows.introspectResponse(base, before.getString("access_token")));
        during.add(OAuthFlows.refresh(base, "app", OAuthFlows.SECRET, before.getString("refresh_token")));
        during.add(OAuthFlows.exchange(base, "app", OAuthFlows.SECRET, spareCode));
        during.add(OAuthFlows.refresh(base, registered, null, publicTokens.getString("refresh_token")));
        during.add(OAuthFlows.revoke(base, "app", OAuthFlows.SECRET, before.getString("access_token")));
        during.add(OAuthFlows.registerResponse(base));
        for (HttpResponse<String> r : during) {
            assertUnavailable(r);
        }
        HttpResponse<String> authorize = Http.get(base, "authorize?response_type=code&client_id=app&redirect_uri="
                + Http.enc(OAuthFlows.REDIRECT) + "&state=s&code_challenge=" + OAuthFlows.CHALLENGE
                + "&code_challenge_method=S256", "X-Forwarded-User", "ada");
        assertEquals(503, authorize.statusCode(), authorize.body());
        HttpResponse<String> ready = Http.get(base, "health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("DOWN"), ready.body());
        assertEquals(200, Http.get(base, ".well-known/oauth-authorization-server").statusCode(),
                "metadata needs no storage");

        redis.start();
        awaitReady(base);

        // Nothing issued before the crash was lost, and nothing was spent by the failed calls.
        assertTrue(OAuthFlows.active(base, before.getString("access_token")));
        assertTrue(OAuthFlows.active(base, publicTokens.getString("access_token")));
        HttpResponse<String> exchanged = OAuthFlows.exchange(base, "app", OAuthFlows.SECRET, spareCode);
        assertEquals(200, exchanged.statusCode(), "the code survived and was not consumed: " + exchanged.body());
        HttpResponse<String> refreshed = OAuthFlows.refresh(base, "app", OAuthFlows.SECRET,
                before.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        HttpResponse<String> publicRefresh = OAuthFlows.refresh(base, registered, null,
                publicTokens.getString("refresh_token"));
        assertEquals(200, publicRefresh.statusCode(), "the registered client survived: " + publicRefresh.body());
        assertTrue(OAuthFlows.active(base, Http.json(refreshed).getString("access_token")));
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        String where = r.request().uri() + " answered " + r.statusCode() + " " + r.body();
        assertEquals(503, r.statusCode(), where);
        assertTrue(r.headers().firstValue("Retry-After").isPresent(), where);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), where);
        assertEquals("temporarily_unavailable", Http.json(r).getString("error"), where);
    }

    private static void awaitReady(URI base) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        HttpResponse<String> ready;
        do {
            Thread.sleep(250);
            ready = Http.get(base, "health/ready");
        } while (ready.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, ready.statusCode(), "readiness did not come back: " + ready.body());
        assertTrue(ready.body().contains("latencyMs"), ready.body());
    }
}

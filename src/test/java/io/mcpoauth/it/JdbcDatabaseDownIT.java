package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.jdbc.TcpProxy;
import io.mcpoauth.store.jdbc.TestDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL taken away from a running server (its pool reaches the database through a TCP proxy the test
 * stops) and brought back: while it is away every endpoint that needs storage answers 503 with {@code
 * Retry-After}, never 500 and never a wrong {@code invalid_grant}, and readiness is DOWN; once it is back the
 * server serves again by itself, with every token as it was.
 */
class JdbcDatabaseDownIT {

    private static final long RECOVERY_MILLIS = 60_000;
    private static final TestDatabase DB = TestDatabase.postgres(TestDatabase.uniquePrefix());
    private static TcpProxy proxy;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy(5432).start();
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test";
        server = PayaraProcess.start(8585, JdbcServers.properties("http://localhost:8585", "jdbc/mcpOAuth",
                DB.prefix()), JdbcServers.postgresEnv(url), JdbcServers.postgresArgs());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            DB.drop();
        }
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""), "Retry-After");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("temporarily_unavailable", Http.json(r).getString("error"), r.body());
        assertFalse(r.body().contains("Exception") || r.body().contains("SQL"), "no internals: " + r.body());
    }

    @Test
    void databaseWhenAwayThen503AndReadinessDownAndWhenBackThenServingWithTokensKept() throws Exception {
        URI base = server.base();
        JsonObject tokens = JdbcServers.tokens(base, "ada");
        String access = tokens.getString("access_token");
        String refresh = tokens.getString("refresh_token");
        String code = JdbcServers.code(base, "grace");

        proxy.stop();

        assertUnavailable(JdbcServers.refresh(base, refresh));
        assertUnavailable(JdbcServers.exchange(base, code));
        assertUnavailable(JdbcServers.introspect(base, access));
        assertUnavailable(JdbcServers.revoke(base, access));
        assertUnavailable(Http.post(base, "register", "application/json",
                "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}"));
        HttpResponse<String> page = Http.get(base, "authorize?response_type=code&client_id=jdbc-app&redirect_uri="
                + Http.enc(JdbcServers.REDIRECT) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256", "X-Forwarded-User", "ada");
        assertEquals(503, page.statusCode(), "the browser gets a page, never a 500: " + page.body());
        HttpResponse<String> ready = Http.get(base, "health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertEquals("DOWN", Http.json(ready).getString("status"));
        assertEquals(200, Http.get(base, "health/live").statusCode(), "alive: restarting would not help");

        proxy.start();

        long deadline = System.currentTimeMillis() + RECOVERY_MILLIS;
        HttpResponse<String> readyAgain = Http.get(base, "health/ready");
        while (readyAgain.statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            readyAgain = Http.get(base, "health/ready");
        }
        assertEquals(200, readyAgain.statusCode(), readyAgain.body());
        assertTrue(JdbcServers.active(base, access), "nothing was revoked while the database was away");
        HttpResponse<String> refreshed = JdbcServers.refresh(base, refresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        HttpResponse<String> exchanged = JdbcServers.exchange(base, code);
        assertEquals(200, exchanged.statusCode(), "the code was not used up by the failed attempt: "
                + exchanged.body());
        assertEquals(200, Http.get(base, "health/ready").statusCode());
    }

    @Test
    void registrationWhenDatabaseUpThenWorksThroughThePool() throws Exception {
        HttpResponse<String> registered = Http.post(server.base(), "register", "application/json",
                "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        JsonObject client = Http.json(registered);
        HttpResponse<String> token = Http.postForm(server.base(), "token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic(client.getString("client_id"), client.getString("client_secret")));
        assertEquals(200, token.statusCode(), token.body());
    }
}

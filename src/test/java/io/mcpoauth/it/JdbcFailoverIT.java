package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL failover under a running server, as a user with a standby runs it: a primary and a synchronous
 * streaming standby made by the test, the WAR on Payara Micro with the shipped post-boot file and a multi-host
 * URL ({@code targetServerType=primary}), an empty password (trust authentication). Tokens are issued, the
 * primary is killed, the standby promoted. Tokens issued before stay active; refresh, code exchange, registration
 * and a new authorization all complete within 10 s of the promotion; no response of the whole run is a 500.
 */
class JdbcFailoverIT {

    private static final Logger LOG = Logger.getLogger(JdbcFailoverIT.class.getName());
    private static final int PORT = 8595;
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final Outage OUTAGE = new Outage();
    private static PostgresPair pair;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        pair = PostgresPair.start();
        // The password empty, as trust and certificate authentication need none (issue 13, item 8).
        server = PayaraProcess.start(PORT, JdbcServers.properties("http://localhost:" + PORT, "jdbc/mcpOAuth", null),
                Map.of("MCP_OAUTH_DB_URL", pair.url(), "MCP_OAUTH_DB_USER", "postgres", "MCP_OAUTH_DB_PASSWORD", ""),
                JdbcServers.postgresArgs());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    private static HttpResponse<String> register(URI base) throws Exception {
        return Http.post(base, "register", "application/json",
                "{\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}");
    }

    private static HttpResponse<String> authorize(URI base, String user) throws Exception {
        return Http.get(base, "authorize?response_type=code&client_id=jdbc-app&redirect_uri="
                + Http.enc(JdbcServers.REDIRECT) + "&state=s&scope=" + Http.enc("mcp:read")
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
                "X-Forwarded-User", user);
    }

    @Test
    void primaryKilledAndStandbyPromotedThenNothingLostAndServingWithinSecondsAndNever500() throws Exception {
        URI base = server.base();
        JsonObject ada = JdbcServers.tokens(base, "ada");
        JsonObject grace = JdbcServers.tokens(base, "grace");
        String code = JdbcServers.code(base, "alan");
        assertEquals(201, OUTAGE.seen("register", register(base)).statusCode());
        // Several connections in the pool, all to the primary that is about to die.
        String adaAccess = ada.getString("access_token");
        JdbcServers.together(() -> JdbcServers.introspect(base, adaAccess),
                () -> JdbcServers.introspect(base, adaAccess), () -> JdbcServers.introspect(base, adaAccess),
                () -> JdbcServers.introspect(base, adaAccess))
                .forEach(r -> assertEquals(200, OUTAGE.seen("introspect", r).statusCode()));

        pair.killPrimary();

        HttpResponse<String> during = OUTAGE.seen("introspect during", JdbcServers.introspect(base,
                ada.getString("access_token")));
        assertEquals(503, during.statusCode(), "fail closed while there is no primary: " + during.body());
        assertEquals(503, OUTAGE.seen("refresh during", JdbcServers.refresh(base, grace.getString("refresh_token")))
                .statusCode());

        pair.promoteStandby();
        long promoted = System.nanoTime();
        long deadline = promoted + RECOVERY.toNanos();

        HttpResponse<String> refreshed = OUTAGE.until(deadline, 200, "refresh",
                () -> JdbcServers.refresh(base, ada.getString("refresh_token")));
        HttpResponse<String> exchanged = OUTAGE.until(deadline, 200, "exchange",
                () -> JdbcServers.exchange(base, code));
        HttpResponse<String> registered = OUTAGE.until(deadline, 201, "register", () -> register(base));
        HttpResponse<String> authorized = OUTAGE.until(deadline, 302, "authorize", () -> authorize(base, "barbara"));
        long recovered = System.nanoTime();
        LOG.info(() -> "recovered " + Duration.ofNanos(recovered - promoted).toMillis() + " ms after the promotion");

        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(200, exchanged.statusCode(), "the code issued before the failover: " + exchanged.body());
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals(302, authorized.statusCode(), authorized.body());
        assertTrue(recovered < deadline, "recovered within " + RECOVERY);
        String newCode = JdbcServers.query(authorized.headers().firstValue("Location").orElseThrow()).get("code");
        assertEquals(200, OUTAGE.seen("exchange new", JdbcServers.exchange(base, newCode)).statusCode());
        assertTrue(JdbcServers.active(base, ada.getString("access_token")), "issued before the failover, still active");
        assertTrue(JdbcServers.active(base, grace.getString("access_token")));
        HttpResponse<String> graceRefreshed = OUTAGE.seen("refresh grace",
                JdbcServers.refresh(base, grace.getString("refresh_token")));
        assertEquals(200, graceRefreshed.statusCode(), "the refresh refused during the outage was not used up: "
                + graceRefreshed.body());
        assertEquals("", pair.query(pair.standbyPort(), "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' "
                + "ELSE '' END"), "the promoted standby serves");
        OUTAGE.assertNo500();
    }
}

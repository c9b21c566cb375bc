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
 * A Redis Sentinel failover under a running server: a master, a replica and a Sentinel made by the test, the
 * WAR on Payara Micro finding the master through the Sentinel. Tokens are issued (and replicated), the master
 * is killed, the Sentinel promotes the replica. While there is no master every call answers 503 (fail closed);
 * tokens issued before stay active; refresh, code exchange, registration and a new authorization all complete
 * within 10 s of the promotion; no response of the whole run is a 500.
 */
class RedisSentinelFailoverIT {

    private static final Logger LOG = Logger.getLogger(RedisSentinelFailoverIT.class.getName());
    private static final int PORT = 8596;
    private static final String ISSUER = "http://localhost:" + PORT;
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final Outage OUTAGE = new Outage();
    private static SentinelGroup redis;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        redis = SentinelGroup.start();
        Map<String, String> config = new java.util.LinkedHashMap<>(OAuthFlows.serverConfig(ISSUER,
                "redis://127.0.0.1:1", "failover:"));
        config.remove("mcp.oauth.redis.url");
        config.put("mcp.oauth.redis.sentinel.master", SentinelGroup.MASTER);
        config.put("mcp.oauth.redis.sentinel.nodes", redis.sentinelNodes());
        server = PayaraProcess.start(PORT, config);
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

    private static HttpResponse<String> authorize(URI base, String user) throws Exception {
        return Http.get(base, "authorize?response_type=code&client_id=app&redirect_uri=" + Http.enc(OAuthFlows.REDIRECT)
                + "&state=s&code_challenge=" + OAuthFlows.CHALLENGE + "&code_challenge_method=S256",
                "X-Forwarded-User", user);
    }

    @Test
    void masterKilledAndReplicaPromotedThenFailClosedThenServingWithinSecondsWithNothingLostAndNever500()
            throws Exception {
        URI base = server.base();
        JsonObject ada = OAuthFlows.tokens(base, "app", OAuthFlows.SECRET, "ada");
        JsonObject grace = OAuthFlows.tokens(base, "app", OAuthFlows.SECRET, "grace");
        String code = OAuthFlows.code(base, "app", "alan");
        String registered = OAuthFlows.register(base);
        redis.awaitReplicated();

        redis.killMaster();

        HttpResponse<String> during = OUTAGE.seen("introspect during",
                OAuthFlows.introspectResponse(base, ada.getString("access_token")));
        assertEquals(503, during.statusCode(), "fail closed while there is no master: " + during.body());
        assertEquals(503, OUTAGE.seen("refresh during", OAuthFlows.refresh(base, "app", OAuthFlows.SECRET,
                grace.getString("refresh_token"))).statusCode());

        redis.awaitFailover(30);
        long promoted = System.nanoTime();
        long deadline = promoted + RECOVERY.toNanos();

        HttpResponse<String> refreshed = OUTAGE.until(deadline, 200, "refresh",
                () -> OAuthFlows.refresh(base, "app", OAuthFlows.SECRET, ada.getString("refresh_token")));
        HttpResponse<String> exchanged = OUTAGE.until(deadline, 200, "exchange",
                () -> OAuthFlows.exchange(base, "app", OAuthFlows.SECRET, code));
        HttpResponse<String> newClient = OUTAGE.until(deadline, 201, "register",
                () -> OAuthFlows.registerResponse(base));
        HttpResponse<String> authorized = OUTAGE.until(deadline, 302, "authorize", () -> authorize(base, "barbara"));
        long recovered = System.nanoTime();
        LOG.info(() -> "recovered " + Duration.ofNanos(recovered - promoted).toMillis() + " ms after the promotion");

        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(200, exchanged.statusCode(), "the code issued before the failover: " + exchanged.body());
        assertEquals(201, newClient.statusCode(), newClient.body());
        assertEquals(302, authorized.statusCode(), authorized.body());
        assertTrue(recovered < deadline, "recovered within " + RECOVERY);
        String newCode = OAuthFlows.query(authorized.headers().firstValue("Location").orElseThrow()).get("code");
        assertEquals(200, OUTAGE.seen("exchange new", OAuthFlows.exchange(base, "app", OAuthFlows.SECRET, newCode))
                .statusCode());
        assertTrue(OAuthFlows.active(base, ada.getString("access_token")), "issued before the failover, active");
        assertTrue(OAuthFlows.active(base, grace.getString("access_token")));
        HttpResponse<String> graceRefreshed = OUTAGE.seen("refresh grace", OAuthFlows.refresh(base, "app",
                OAuthFlows.SECRET, grace.getString("refresh_token")));
        assertEquals(200, graceRefreshed.statusCode(), "the refresh refused during the outage was not used up: "
                + graceRefreshed.body());
        HttpResponse<String> registeredRefresh = OUTAGE.seen("refresh registered", OAuthFlows.refresh(base,
                registered, null, OAuthFlows.tokens(base, registered, null, "bob").getString("refresh_token")));
        assertEquals(200, registeredRefresh.statusCode(), "the client registered before the failover survived: "
                + registeredRefresh.body());
        OUTAGE.assertNo500();
    }
}

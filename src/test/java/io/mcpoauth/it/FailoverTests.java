package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A failover of the store under a running server of {@link StorageServers}' configuration, as a user with a
 * standby runs it: tokens are issued (and replicated), the primary is killed, the standby promoted. While there
 * is no primary every call answers 503 (fail closed); tokens issued before stay active; refresh, code exchange,
 * registration and a new authorization all complete within 10 s of the promotion; a client registered before
 * survives; no response of the whole run is a 500. Each backend's test builds its topology.
 */
abstract class FailoverTests extends ServerOnStoreTests {

    private static final Logger LOG = Logger.getLogger(FailoverTests.class.getName());
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private final Outage outage = new Outage();

    FailoverTests(int port) {
        super(port);
    }

    /** Kills the primary once what was written reached the standby. */
    abstract void killPrimary() throws Exception;

    /** Promotes the standby, or waits until it is promoted; returns when it is. */
    abstract void promoteStandby() throws Exception;

    /** Checks the server now works on what was the standby. */
    abstract void assertStandbyServes() throws Exception;


    @Test
    void primaryKilledAndStandbyPromotedThenFailClosedThenServingWithinSecondsWithNothingLostAndNever500()
            throws Exception {
        FlowClient flow = flow();
        JsonObject ada = flow.tokens(StorageServers.APP, "ada");
        JsonObject grace = flow.tokens(StorageServers.APP, "grace");
        String code = flow.code(StorageServers.APP, "alan");
        HttpResponse<String> registration = outage.seen("register", flow.registerResponse(StorageServers.REDIRECT));
        assertEquals(201, registration.statusCode(), registration.body());
        TestClient registered = TestClient.publicClient(Http.json(registration).getString("client_id"),
                StorageServers.REDIRECT);
        // Several connections in a pool, all to the primary that is about to die.
        String adaAccess = ada.getString("access_token");
        Together.call(() -> flow.introspect(adaAccess), () -> flow.introspect(adaAccess),
                () -> flow.introspect(adaAccess), () -> flow.introspect(adaAccess))
                .forEach(r -> assertEquals(200, outage.seen("introspect", r).statusCode()));

        killPrimary();

        HttpResponse<String> during = outage.seen("introspect during", flow.introspect(adaAccess));
        assertEquals(503, during.statusCode(), "fail closed while there is no primary: " + during.body());
        assertEquals(503, outage.seen("refresh during", flow.refresh(StorageServers.APP,
                grace.getString("refresh_token"))).statusCode());

        promoteStandby();
        long promoted = System.nanoTime();
        long deadline = promoted + RECOVERY.toNanos();

        HttpResponse<String> refreshed = outage.until(deadline, 200, "refresh",
                () -> flow.refresh(StorageServers.APP, ada.getString("refresh_token")));
        HttpResponse<String> exchanged = outage.until(deadline, 200, "exchange",
                () -> flow.exchange(StorageServers.APP, code));
        HttpResponse<String> newClient = outage.until(deadline, 201, "register",
                () -> flow.registerResponse(StorageServers.REDIRECT));
        HttpResponse<String> authorized = outage.until(deadline, 302, "authorize",
                () -> flow.authorize(StorageServers.APP, "barbara"));
        long recovered = System.nanoTime();
        LOG.info(() -> "recovered " + Duration.ofNanos(recovered - promoted).toMillis() + " ms after the promotion");

        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(200, exchanged.statusCode(), "the code issued before the failover: " + exchanged.body());
        assertEquals(201, newClient.statusCode(), newClient.body());
        assertEquals(302, authorized.statusCode(), authorized.body());
        assertTrue(recovered < deadline, "recovered within " + RECOVERY);
        String newCode = Query.of(authorized.headers().firstValue("Location").orElseThrow()).get("code");
        assertEquals(200, outage.seen("exchange new", flow.exchange(StorageServers.APP, newCode)).statusCode());
        assertTrue(flow.active(adaAccess), "issued before the failover, still active");
        assertTrue(flow.active(grace.getString("access_token")));
        HttpResponse<String> graceRefreshed = outage.seen("refresh grace",
                flow.refresh(StorageServers.APP, grace.getString("refresh_token")));
        assertEquals(200, graceRefreshed.statusCode(), "the refresh refused during the outage was not used up: "
                + graceRefreshed.body());
        HttpResponse<String> registeredRefresh = outage.seen("refresh registered",
                flow.refresh(registered, flow.tokens(registered, "bob").getString("refresh_token")));
        assertEquals(200, registeredRefresh.statusCode(), "the client registered before the failover survived: "
                + registeredRefresh.body());
        assertStandbyServes();
        outage.assertNo500();
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store taken away from a running server of {@link StorageServers}' configuration and brought back: while it
 * is away every endpoint that needs storage answers 503 with {@code Retry-After} and an RFC 6749 JSON error (at
 * {@code /authorize}, a page with 503), never a 500, never a false {@code invalid_grant} or {@code active: false};
 * readiness is DOWN while liveness stays UP (a restart would not help) and metadata, which needs no storage, is
 * served. Once the store is back the server recovers by itself and every token, code and client issued before
 * works as it was: the failed calls spent nothing. Each backend's test says how its store goes away.
 */
abstract class StorageOutageTests extends ServerOnStoreTests {

    private static final long RECOVERY_NANOS = 60_000_000_000L;

    StorageOutageTests(int port) {
        super(port);
    }

    /** Takes the store away from the server. */
    abstract void takeStoreAway() throws Exception;

    /** Brings the store back, with the data it held. */
    abstract void bringStoreBack() throws Exception;

    /** What readiness reports of the store once it answers again. */
    abstract String readyDetail();

    @Test
    void storeWhenAwayThen503AndReadinessDownAndWhenBackThenRecoveredWithNothingLost() throws Exception {
        FlowClient flow = flow();
        URI base = flow.base();
        JsonObject before = flow.tokens(StorageServers.APP, "ada");
        TestClient registered = flow.register(StorageServers.REDIRECT);
        JsonObject publicTokens = flow.tokens(registered, "bob");
        String spareCode = flow.code(StorageServers.APP, "grace");
        assertTrue(flow.active(before.getString("access_token")));
        assertEquals(200, Http.get(base, "health/ready").statusCode());

        takeStoreAway();

        List<HttpResponse<String>> during = new ArrayList<>();
        during.add(flow.introspect(before.getString("access_token")));
        during.add(flow.refresh(StorageServers.APP, before.getString("refresh_token")));
        during.add(flow.exchange(StorageServers.APP, spareCode));
        during.add(flow.refresh(registered, publicTokens.getString("refresh_token")));
        during.add(flow.revoke(StorageServers.APP, before.getString("access_token")));
        during.add(flow.registerResponse(StorageServers.REDIRECT));
        during.add(flow.registerMachineResponse("Machine during the outage"));
        for (HttpResponse<String> r : during) {
            assertUnavailable(r);
        }
        HttpResponse<String> page = flow.authorize(StorageServers.APP, "ada");
        assertEquals(503, page.statusCode(), "the browser gets a page, never a 500: " + page.body());
        HttpResponse<String> ready = Http.get(base, "health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertEquals("DOWN", Http.json(ready).getString("status"), ready.body());
        assertEquals(200, Http.get(base, "health/live").statusCode(), "alive: restarting would not help");
        assertEquals(200, Http.get(base, ".well-known/oauth-authorization-server").statusCode(),
                "metadata needs no storage");

        bringStoreBack();
        awaitReady(base);

        assertTrue(flow.active(before.getString("access_token")), "nothing was revoked while the store was away");
        assertTrue(flow.active(publicTokens.getString("access_token")));
        HttpResponse<String> exchanged = flow.exchange(StorageServers.APP, spareCode);
        assertEquals(200, exchanged.statusCode(), "the code survived and was not consumed: " + exchanged.body());
        HttpResponse<String> refreshed = flow.refresh(StorageServers.APP, before.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        HttpResponse<String> publicRefresh = flow.refresh(registered, publicTokens.getString("refresh_token"));
        assertEquals(200, publicRefresh.statusCode(), "the registered client survived: " + publicRefresh.body());
        assertTrue(flow.active(Http.json(refreshed).getString("access_token")));
        assertEquals(200, Http.get(base, "health/ready").statusCode());
    }

    @Test
    void registrationWhenStoreUpThenMachineClientGetsAToken() throws Exception {
        FlowClient flow = flow();
        HttpResponse<String> token = flow.clientCredentials(flow.registerMachine("Machine"));
        assertEquals(200, token.statusCode(), token.body());
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        String where = r.request().uri() + " answered " + r.statusCode() + " " + r.body();
        assertEquals(503, r.statusCode(), where);
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""), where);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), where);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), where);
        assertEquals("temporarily_unavailable", Http.json(r).getString("error"), where);
        assertFalse(r.body().contains("Exception") || r.body().contains("SQL"), "no internals: " + where);
    }

    private void awaitReady(URI base) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_NANOS;
        HttpResponse<String> ready;
        do {
            Thread.sleep(250);
            ready = Http.get(base, "health/ready");
        } while (ready.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, ready.statusCode(), "readiness did not come back: " + ready.body());
        assertTrue(ready.body().contains(readyDetail()), ready.body());
    }
}

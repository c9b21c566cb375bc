package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro instances of {@link StorageServers}' configuration on one store, as two instances behind one
 * load balancer: they share one issuer (the first's). Single use holds across them, a revocation at one is seen
 * at the other, one serves while the other is down, and restarting both loses no client, token or code. Each
 * backend's test says how an instance is started on its store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoInstancesTests {

    private static final int ROUNDS = 10;

    private final int portA;
    private final int portB;
    private PayaraProcess a;
    private PayaraProcess b;

    TwoInstancesTests(int portA, int portB) {
        this.portA = portA;
        this.portB = portB;
    }

    /** Starts one instance on the port, on the shared store, with the issuer {@link #issuer()}. */
    abstract PayaraProcess start(int port) throws Exception;

    /** The backend readiness names. */
    abstract String backend();

    /** Checks, from both instances' readiness answers, that they found the one store ready. */
    abstract void assertOnOneStore(List<String> readiness) throws Exception;

    /** Removes what the test left in the store. */
    abstract void cleanUp() throws Exception;

    final String issuer() {
        return "http://localhost:" + portA;
    }

    /**
     * One after the other: two Payara Micro starting together on this machine's two cores may not start in
     * time. Instances migrating a schema at the same moment are raced in {@code JdbcSchemaTest}.
     */
    @BeforeAll
    final void startBoth() throws Exception {
        a = start(portA);
        b = start(portB);
    }

    @AfterAll
    final void stopBoth() throws Exception {
        Stop.all(a, b, this::cleanUp);
    }

    private FlowClient atA() {
        return StorageServers.flow(a.base());
    }

    private FlowClient atB() {
        return StorageServers.flow(b.base());
    }

    @Test
    @Order(1)
    void startWhenTwoInstancesThenBothReadyOnOneStore() throws Exception {
        List<String> readiness = new java.util.ArrayList<>();
        for (PayaraProcess server : List.of(a, b)) {
            HttpResponse<String> ready = Http.get(server.base(), "health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"backend\":\"" + backend() + "\""), ready.body());
            readiness.add(ready.body());
        }
        assertOnOneStore(readiness);
    }

    @Test
    @Order(2)
    void codeWhenExchangedAtBothInstancesAtOnceThenExactlyOneWinsAndTheGrantIsRevoked() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String code = atA().code(StorageServers.APP, "ada");
            List<HttpResponse<String>> both = Together.call(() -> atA().exchange(StorageServers.APP, code),
                    () -> atB().exchange(StorageServers.APP, code));
            JsonObject winner = assertOneWinner(both, "round " + round);
            // RFC 9700 4.2.4: the loser's replay revokes what the code produced, at both instances.
            String access = winner.getString("access_token");
            assertFalse(atA().active(access), "round " + round);
            assertFalse(atB().active(access), "round " + round);
        }
    }

    @Test
    @Order(3)
    void refreshWhenUsedAtBothInstancesAtOnceThenExactlyOneWinsAndTheFamilyIsRevoked() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String refresh = atB().tokens(StorageServers.APP, "grace").getString("refresh_token");
            List<HttpResponse<String>> both = Together.call(() -> atA().refresh(StorageServers.APP, refresh),
                    () -> atB().refresh(StorageServers.APP, refresh));
            JsonObject winner = assertOneWinner(both, "round " + round);
            // The loser counts as reuse: the whole family is revoked, the winner's new refresh token too.
            HttpResponse<String> again = atB().refresh(StorageServers.APP, winner.getString("refresh_token"));
            assertEquals(400, again.statusCode(), "round " + round + ": " + again.body());
        }
    }

    @Test
    @Order(4)
    void revokeWhenAtOneInstanceThenSeenAtTheOther() throws Exception {
        String access = atA().tokens(StorageServers.APP, "linus").getString("access_token");
        assertTrue(atB().active(access));
        assertEquals(200, atA().revoke(StorageServers.APP, access).statusCode());
        assertFalse(atB().active(access));

        JsonObject other = atB().tokens(StorageServers.APP, "bob");
        assertTrue(atA().active(other.getString("access_token")));
        // Revoking the refresh token at B revokes its grant, access token included, at A. Introspection never
        // reports a refresh token active; using it tells.
        assertEquals(200, atB().revoke(StorageServers.APP, other.getString("refresh_token")).statusCode());
        assertFalse(atA().active(other.getString("access_token")));
        HttpResponse<String> refused = atA().refresh(StorageServers.APP, other.getString("refresh_token"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_grant", Http.json(refused).getString("error"));
    }

    @Test
    @Order(5)
    void restartWhenOneStoppedThenTheOtherServesAndWhenBothRestartedThenClientsTokensAndCodesStillWork()
            throws Exception {
        TestClient registered = atA().register(StorageServers.REDIRECT);
        JsonObject carol = atA().tokens(registered, "carol");
        JsonObject dave = atA().tokens(StorageServers.APP, "dave");
        TestClient machine = atA().registerMachine("Restarted machine");
        HttpResponse<String> machineToken = atB().clientCredentials(machine);
        assertEquals(200, machineToken.statusCode(), machineToken.body());
        String code = atB().code(StorageServers.APP, "barbara");

        a.stop();
        assertTrue(atB().active(carol.getString("access_token")), "B serves while A is down");
        b.stop();
        startBoth();

        assertTrue(atA().active(Http.json(machineToken).getString("access_token")));
        assertTrue(atA().active(carol.getString("access_token")));
        assertTrue(atB().active(dave.getString("access_token")));
        HttpResponse<String> again = atA().clientCredentials(machine);
        assertEquals(200, again.statusCode(), "the registered client still authenticates: " + again.body());
        HttpResponse<String> refreshed = atB().refresh(StorageServers.APP, dave.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        HttpResponse<String> carolRefreshed = atA().refresh(registered, carol.getString("refresh_token"));
        assertEquals(200, carolRefreshed.statusCode(), carolRefreshed.body());
        assertTrue(atB().active(Http.json(carolRefreshed).getString("access_token")));
        HttpResponse<String> exchanged = atA().exchange(StorageServers.APP, code);
        assertEquals(200, exchanged.statusCode(), "a code issued before the restart: " + exchanged.body());
        // The client registered before the restart still authorizes and exchanges codes.
        assertTrue(atB().active(atA().tokens(registered, "carol").getString("access_token")));
    }

    /** Exactly one of the two answered 200, the other 400 {@code invalid_grant}; the winner's answer. */
    private static JsonObject assertOneWinner(List<HttpResponse<String>> both, String where) {
        List<Integer> statuses = both.stream().map(HttpResponse::statusCode).sorted().toList();
        assertEquals(List.of(200, 400), statuses, where + ": " + both.get(0).body() + " / " + both.get(1).body());
        HttpResponse<String> loser = both.get(0).statusCode() == 200 ? both.get(1) : both.get(0);
        assertEquals("invalid_grant", Http.json(loser).getString("error"), where);
        return Http.json(both.get(0).statusCode() == 200 ? both.get(0) : both.get(1));
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro instances of {@link StorageServers}' configuration on one store, as two instances behind one
 * load balancer: they share one issuer (the first's). Single use holds across them (codes, refresh tokens, and
 * the jti of ID-JAGs and of client assertions), a revocation at one is seen at the other, one serves while the
 * other is down, and restarting both loses no client, token or code. Each backend's test says how an instance
 * is started on its store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoInstancesTests {

    private static final int ROUNDS = 10;
    /** Requests per instance in each round of a replay storm: one JWT sent this many times to each, at once. */
    private static final int THREADS = 4;

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
    void idJagWhenRedeemedAtOneInstanceThenRefusedAtTheOtherAndWhenStormedThenExactlyOneWins() throws Exception {
        // RFC 7523 3 item 7 and the ID-JAG profile: a grant's jti is used once, whichever instance sees it.
        String first = idJag("ada");
        assertIssuedWithoutRefreshToken(atA().jwtBearer(StorageServers.AGENT, first), "at A");
        assertRefused(atB().jwtBearer(StorageServers.AGENT, first), 400, "invalid_grant", "replayed at B");
        String second = idJag("grace");
        assertIssuedWithoutRefreshToken(atB().jwtBearer(StorageServers.AGENT, second), "at B");
        assertRefused(atA().jwtBearer(StorageServers.AGENT, second), 400, "invalid_grant", "replayed at A");

        for (int round = 0; round < ROUNDS; round++) {
            String grant = idJag("storm-" + round);
            List<HttpResponse<String>> all = storm(() -> atA().jwtBearer(StorageServers.AGENT, grant),
                    () -> atB().jwtBearer(StorageServers.AGENT, grant));
            JsonObject winner = assertOneWinner(all, 400, "invalid_grant", "round " + round);
            assertFalse(winner.containsKey("refresh_token"), "round " + round + ": " + winner);
        }
        // The replays were refused grants, not failed authentications: the client is not locked out anywhere.
        assertIssuedWithoutRefreshToken(atA().jwtBearer(StorageServers.AGENT, idJag("after")), "after, at A");
        assertIssuedWithoutRefreshToken(atB().jwtBearer(StorageServers.AGENT, idJag("after")), "after, at B");
    }

    @Test
    @Order(6)
    void clientAssertionWhenUsedAtOneInstanceThenRefusedAtTheOtherAndWhenStormedThenExactlyOneWins()
            throws Exception {
        // RFC 7523 3 item 7: an assertion's jti is used once; a replay authenticates nobody (RFC 6749 5.2, 401).
        String first = clientAssertion(issuer());
        assertIssued(atA().clientCredentialsAsserted(first), "at A");
        assertRefused(atB().clientCredentialsAsserted(first), 401, "invalid_client", "replayed at B");
        String second = clientAssertion(issuer() + "/token");
        assertIssued(atB().clientCredentialsAsserted(second), "at B");
        assertRefused(atA().clientCredentialsAsserted(second), 401, "invalid_client", "replayed at A");

        for (int round = 0; round < ROUNDS; round++) {
            String assertion = clientAssertion(round % 2 == 0 ? issuer() : issuer() + "/token");
            List<HttpResponse<String>> all = storm(() -> atA().clientCredentialsAsserted(assertion),
                    () -> atB().clientCredentialsAsserted(assertion));
            assertOneWinner(all, 401, "invalid_client", "round " + round);
        }
        // Far more replays than auth-failures-per-client (10) from this address, yet a fresh assertion works at
        // both: a replayed jti must not lock the real client out (ratelimit/RateLimits).
        assertIssued(atA().clientCredentialsAsserted(clientAssertion(issuer())), "after, at A");
        assertIssued(atB().clientCredentialsAsserted(clientAssertion(issuer())), "after, at B");
    }

    @Test
    @Order(7)
    void idJagTokenWhenIntrospectedAtTheOtherInstanceThenActiveForTheProviderScopedSubjectAndTheResource()
            throws Exception {
        for (List<FlowClient> pair : List.of(List.of(atA(), atB()), List.of(atB(), atA()))) {
            String where = "issued at " + pair.get(0).base() + ", introspected at " + pair.get(1).base();
            JsonObject issued = assertIssued(pair.get(0).jwtBearer(StorageServers.AGENT, idJag("U0194")), where);
            JsonObject seen = pair.get(1).introspection(issued.getString("access_token"));
            assertTrue(seen.getBoolean("active"), where + ": " + seen);
            assertEquals(SignedJwts.IDP + "|U0194", seen.getString("sub"), where);
            assertEquals(SignedJwts.IDP_ISSUER, seen.getString("idp_iss", null), where + ": " + seen);
            assertEquals(StorageServers.AGENT.id(), seen.getString("client_id"), where);
            assertEquals(List.of(StorageServers.RESOURCE), audiences(seen), where + ": " + seen);
        }
    }

    @Test
    @Order(8)
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

    @Test
    @Order(9)
    void offboardWhenThroughOneInstanceThenTheOtherFindsTheTokensDeadAndRefusesRefreshAndSignIn()
            throws Exception {
        JsonObject erin = atA().tokens(StorageServers.APP, "erin");
        JsonObject erinAgain = atB().tokens(StorageServers.APP, "erin");
        assertTrue(atA().active(erin.getString("access_token")));

        JsonObject off = new AdminClient(b.base(), StorageServers.ADMIN_TOKEN).offboard("erin");
        assertEquals(2, off.getInt("revoked"), off.toString());

        // At once, at the other instance: no wait for a cache, since there is none to wait for.
        assertFalse(atA().active(erin.getString("access_token")));
        assertFalse(atA().active(erinAgain.getString("access_token")));
        for (JsonObject tokens : List.of(erin, erinAgain)) {
            assertRefused(atA().refresh(StorageServers.APP, tokens.getString("refresh_token")), 400,
                    "invalid_grant", "refresh at A after the offboarding at B");
        }
        HttpResponse<String> signIn = atA().authorize(StorageServers.APP, "erin");
        assertEquals(302, signIn.statusCode(), signIn.body());
        assertEquals("access_denied", Query.of(signIn.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    /** A fresh ID-JAG for the user, issued to {@link StorageServers#AGENT} for the resource, naming our issuer. */
    private String idJag(String user) {
        return SignedJwts.idJag(issuer(), StorageServers.AGENT.id(), user, StorageServers.RESOURCE);
    }

    /** A fresh assertion of {@link StorageServers#SIGNER} for the audience. */
    private static String clientAssertion(String audience) {
        return SignedJwts.clientAssertion(StorageServers.SIGNER, audience);
    }

    /** {@link #THREADS} calls to each instance, all released at once; the answers. */
    private static List<HttpResponse<String>> storm(Callable<HttpResponse<String>> atA,
            Callable<HttpResponse<String>> atB) throws Exception {
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(atA);
            calls.add(atB);
        }
        return Together.call(calls);
    }

    /** Exactly one of the two answered 200, the other 400 {@code invalid_grant}; the winner's answer. */
    private static JsonObject assertOneWinner(List<HttpResponse<String>> both, String where) {
        return assertOneWinner(both, 400, "invalid_grant", where);
    }

    /** Exactly one answered 200, every other the status and error given; the winner's answer. */
    private static JsonObject assertOneWinner(List<HttpResponse<String>> all, int status, String error,
            String where) {
        List<HttpResponse<String>> winners = all.stream().filter(r -> r.statusCode() == 200).toList();
        String answers = all.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString();
        assertEquals(1, winners.size(), where + ": " + answers);
        all.stream().filter(r -> r.statusCode() != 200).forEach(r -> assertRefused(r, status, error, where));
        return Http.json(winners.get(0));
    }

    private static void assertRefused(HttpResponse<String> r, int status, String error, String where) {
        assertEquals(status, r.statusCode(), where + ": " + r.body());
        assertEquals(error, Http.json(r).getString("error"), where + ": " + r.body());
    }

    private static JsonObject assertIssued(HttpResponse<String> r, String where) {
        assertEquals(200, r.statusCode(), where + ": " + r.body());
        JsonObject tokens = Http.json(r);
        assertTrue(tokens.containsKey("access_token"), where + ": " + tokens);
        return tokens;
    }

    private static void assertIssuedWithoutRefreshToken(HttpResponse<String> r, String where) {
        JsonObject tokens = assertIssued(r, where);
        // No refresh token on an ID-JAG: the enterprise decides again when the access token expires.
        assertFalse(tokens.containsKey("refresh_token"), where + ": " + tokens);
    }

    /** An introspection answer's {@code aud}: one string, or an array of them (RFC 7662 2.2, RFC 7519 4.1.3). */
    private static List<String> audiences(JsonObject introspection) {
        JsonValue aud = introspection.get("aud");
        if (aud instanceof JsonString one) {
            return List.of(one.getString());
        }
        return aud == null ? List.of() : aud.asJsonArray().getValuesAs(JsonString::getString);
    }
}

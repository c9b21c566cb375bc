package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.jdbc.TestDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro servers on one PostgreSQL database, each with the post-boot command file and driver that
 * docs/jdbc.md gives: single use holds across them, a revocation at one is seen at the other,
 * and restarting both loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JdbcTwoInstancesIT {

    private static final int ROUNDS = 10;
    private static final String ISSUER = "http://localhost:8484";
    private static final TestDatabase DB = TestDatabase.postgres(TestDatabase.uniquePrefix());
    private static PayaraProcess a;
    private static PayaraProcess b;

    @BeforeAll
    static void start() throws Exception {
        startBoth();
    }

    /**
     * One after the other: two Payara Micro starting together on this machine's two cores may not start in
     * time. Instances migrating the schema at the same moment are raced in {@code JdbcSchemaTest}.
     */
    private static void startBoth() throws Exception {
        a = server(8484);
        b = server(8585);
    }

    private static PayaraProcess server(int port) throws Exception {
        return PayaraProcess.start(port, JdbcServers.properties(ISSUER, "jdbc/mcpOAuth", DB.prefix()),
                JdbcServers.postgresEnv(TestDatabase.POSTGRES_URL), JdbcServers.postgresArgs());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            DB.drop();
        }
    }

    @Test
    @Order(1)
    void startWhenTwoInstancesThenBothReadyOnOneSchema() throws Exception {
        for (PayaraProcess server : List.of(a, b)) {
            HttpResponse<String> ready = Http.get(server.base(), "health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"backend\":\"jdbc\""), ready.body());
            assertTrue(ready.body().contains("PostgreSQL"), ready.body());
        }
        // Each migration recorded once, though both instances started on the empty database together.
        assertEquals(DB.count("SELECT MAX(version) FROM " + DB.prefix() + "schema_version"),
                DB.count("SELECT COUNT(*) FROM " + DB.prefix() + "schema_version"));
    }

    @Test
    @Order(2)
    void codeWhenExchangedAtBothInstancesAtOnceThenExactlyOneWinsAndTheGrantIsRevoked() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String code = JdbcServers.code(a.base(), "ada");
            List<HttpResponse<String>> r = JdbcServers.together(
                    () -> JdbcServers.exchange(a.base(), code), () -> JdbcServers.exchange(b.base(), code));
            List<Integer> statuses = r.stream().map(HttpResponse::statusCode).sorted().toList();
            assertEquals(List.of(200, 400), statuses, "round " + round + ": " + r.get(0).body() + r.get(1).body());
            HttpResponse<String> winner = r.get(0).statusCode() == 200 ? r.get(0) : r.get(1);
            HttpResponse<String> loser = r.get(0).statusCode() == 200 ? r.get(1) : r.get(0);
            assertEquals("invalid_grant", Http.json(loser).getString("error"));
            // RFC 9700 4.2.4: the replay revokes what the code produced, at both instances.
            String access = Http.json(winner).getString("access_token");
            assertFalse(JdbcServers.active(a.base(), access), "round " + round);
            assertFalse(JdbcServers.active(b.base(), access), "round " + round);
        }
    }

    @Test
    @Order(3)
    void refreshWhenUsedAtBothInstancesAtOnceThenExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String refresh = JdbcServers.tokens(b.base(), "grace").getString("refresh_token");
            List<HttpResponse<String>> r = JdbcServers.together(
                    () -> JdbcServers.refresh(a.base(), refresh), () -> JdbcServers.refresh(b.base(), refresh));
            List<Integer> statuses = r.stream().map(HttpResponse::statusCode).sorted().toList();
            assertEquals(List.of(200, 400), statuses, "round " + round + ": " + r.get(0).body() + r.get(1).body());
            HttpResponse<String> loser = r.get(0).statusCode() == 200 ? r.get(1) : r.get(0);
            assertEquals("invalid_grant", Http.json(loser).getString("error"));
        }
    }

    @Test
    @Order(4)
    void revokeWhenAtOneInstanceThenSeenAtTheOther() throws Exception {
        JsonObject tokens = JdbcServers.tokens(a.base(), "linus");
        String access = tokens.getString("access_token");
        String refresh = tokens.getString("refresh_token");
        assertTrue(JdbcServers.active(b.base(), access));

        assertEquals(200, JdbcServers.revoke(a.base(), access).statusCode());
        assertFalse(JdbcServers.active(b.base(), access));

        // Introspection never reports a refresh token active; using it tells.
        assertEquals(200, JdbcServers.revoke(b.base(), refresh).statusCode());
        HttpResponse<String> refused = JdbcServers.refresh(a.base(), refresh);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_grant", Http.json(refused).getString("error"));
    }

    @Test
    @Order(5)
    void restartWhenBothStoppedAndStartedThenClientsTokensAndCodesStillWork() throws Exception {
        HttpResponse<String> registered = Http.post(a.base(), "register", "application/json",
                "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\","
                        + "\"client_name\":\"JDBC restart\",\"scope\":\"mcp:read\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        String clientId = Http.json(registered).getString("client_id");
        String clientSecret = Http.json(registered).getString("client_secret");
        HttpResponse<String> machine = Http.postForm(b.base(), "token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic(clientId, clientSecret));
        assertEquals(200, machine.statusCode(), machine.body());
        String machineToken = Http.json(machine).getString("access_token");
        JsonObject user = JdbcServers.tokens(a.base(), "margaret");
        String code = JdbcServers.code(b.base(), "barbara");

        a.stop();
        b.stop();
        startBoth();

        assertTrue(JdbcServers.active(a.base(), machineToken));
        assertTrue(JdbcServers.active(b.base(), user.getString("access_token")));
        HttpResponse<String> again = Http.postForm(a.base(), "token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic(clientId, clientSecret));
        assertEquals(200, again.statusCode(), "the registered client still authenticates: " + again.body());
        HttpResponse<String> refreshed = JdbcServers.refresh(b.base(), user.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        HttpResponse<String> exchanged = JdbcServers.exchange(a.base(), code);
        assertEquals(200, exchanged.statusCode(), "a code issued before the restart: " + exchanged.body());
    }
}

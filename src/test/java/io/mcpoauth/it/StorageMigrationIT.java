package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.jdbc.TestDatabase;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Switching backends without logging anyone out, as docs/migrate.md tells an operator to: a server on Redis
 * (port 9101, a key prefix of this run) issues tokens, remembers consents and registers clients; its export is
 * imported by a server on PostgreSQL (port 9102, fresh tables), where every old token, consent and client keeps
 * working; that server's export goes back into a server on a fresh Redis prefix (port 9103), where the same
 * holds. The servers run one at a time, as in a real switch, and share one issuer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageMigrationIT {

    private static final String ISSUER = "http://localhost:9101";
    private static final String FIRST_PREFIX = "it:migrate:" + Long.toHexString(System.nanoTime()) + ":a:";
    private static final String LAST_PREFIX = "it:migrate:" + Long.toHexString(System.nanoTime()) + ":c:";
    private static final TestDatabase DB = TestDatabase.postgres(TestDatabase.uniquePrefix());
    private static final String ADMIN = "it-admin-" + Long.toHexString(System.nanoTime());

    /** What the first server left behind, to be found again after each import. */
    private static final Map<String, String> STATE = new LinkedHashMap<>();
    private static String firstExport;
    private static String secondExport;
    private static PayaraProcess server;

    @BeforeAll
    static void requirePortsFree() {
        ServerProcess.requireFree(9101, 9102, 9103);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Stop.all(server, () -> StorageServers.deleteKeys(StorageServers.REDIS, FIRST_PREFIX),
                () -> StorageServers.deleteKeys(StorageServers.REDIS, LAST_PREFIX), DB::drop);
    }

    private static Map<String, String> redisConfig(String prefix) {
        Map<String, String> c = StorageServers.redis(ISSUER, StorageServers.REDIS, prefix);
        c.put("mcp.oauth.admin.token", ADMIN);
        return c;
    }

    private static Map<String, String> postgresConfig() {
        Map<String, String> c = StorageServers.jdbc(ISSUER, "jdbc/mcpOAuth", DB.prefix());
        c.put("mcp.oauth.admin.token", ADMIN);
        return c;
    }

    @Test
    @Order(1)
    void exportWhenRedisServerHoldsGrantsThenStreamOfHashesWithHeaderAndEnd() throws Exception {
        server = PayaraProcess.start(9101, redisConfig(FIRST_PREFIX));
        URI a = server.base();
        FlowClient flow = StorageServers.flow(a);

        // A registered public client: the user is asked to consent once, then gets tokens.
        TestClient pub = flow.register(StorageServers.REDIRECT);
        assertEquals(200, flow.authorize(pub, "carol").statusCode(), "consent page on the first authorization");
        JsonObject carol = flow.tokens(pub, "carol");
        // A registered confidential client, with the secret the registration gave.
        JsonObject registration = registerConfidential(a);
        TestClient conf = TestClient.confidential(registration.getString("client_id"),
                registration.getString("client_secret"), StorageServers.REDIRECT, false);
        JsonObject dave = flow.tokens(conf, "dave");
        // The configured first-party client: one grant refreshed once (its first refresh token is now rotated),
        // one revoked.
        JsonObject erin = flow.tokens(StorageServers.APP, "erin");
        HttpResponse<String> refreshed = flow.refresh(StorageServers.APP, erin.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonObject erinNext = Http.json(refreshed);
        JsonObject frank = flow.tokens(StorageServers.APP, "frank");
        assertEquals(200, flow.revoke(StorageServers.APP, frank.getString("refresh_token")).statusCode());
        // A registered client that has not obtained a token yet (it keeps its registration expiry).
        TestClient idle = flow.register(StorageServers.REDIRECT);

        STATE.put("pub", pub.id());
        STATE.put("conf", conf.id());
        STATE.put("confSecret", conf.secret());
        STATE.put("idle", idle.id());
        STATE.put("carolAccess", carol.getString("access_token"));
        STATE.put("carolRefresh", carol.getString("refresh_token"));
        STATE.put("daveAccess", dave.getString("access_token"));
        STATE.put("daveRefresh", dave.getString("refresh_token"));
        STATE.put("erinRotated", erin.getString("refresh_token"));
        STATE.put("erinAccess", erinNext.getString("access_token"));
        STATE.put("erinRefresh", erinNext.getString("refresh_token"));
        STATE.put("frankAccess", frank.getString("access_token"));
        STATE.put("frankRefresh", frank.getString("refresh_token"));

        assertEquals(401, Http.get(a, "admin/export").statusCode());
        assertEquals(401, Http.get(a, "admin/export", "Authorization", "Bearer wrong").statusCode());
        firstExport = export(a);
        for (Map.Entry<String, String> e : STATE.entrySet()) {
            if (e.getKey().endsWith("Access") || e.getKey().endsWith("Refresh") || e.getKey().endsWith("Secret")
                    || e.getKey().equals("erinRotated")) {
                assertFalse(firstExport.contains(e.getValue()), "the export holds the value of " + e.getKey());
            }
        }
        assertTrue(firstExport.contains("\"type\":\"revoked_grant\""), firstExport);
        assertTrue(firstExport.contains("\"rotated\":true"), firstExport);
        server.stop();
        server = null;
    }

    @Test
    @Order(2)
    void importWhenPostgresServerThenEveryClientConsentAndTokenStillWorks() throws Exception {
        server = PayaraProcess.start(9102, postgresConfig(),
                StorageServers.postgresEnv(TestDatabase.POSTGRES_URL, "unused"), StorageServers.postgresArgs());
        URI b = server.base();

        HttpResponse<String> bad = importStream(b, firstExport.replaceFirst("\n\\{\"type\":\"client\"",
                "\n{\"type\":\"authorization_code\""));
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals("invalid_request", Http.json(bad).getString("error"));
        assertEquals("line 2: unknown type \"authorization_code\" (known: client, consent, revoked_grant, "
                + "refresh_token, access_token)", Http.json(bad).getString("error_description"));
        assertEquals(401, importStream(b, firstExport, "Bearer wrong").statusCode());

        JsonObject counts = imported(b, firstExport);
        assertEquals(counts, imported(b, firstExport), "importing twice is idempotent");
        assertEquals(3, counts.getJsonObject("imported").getInt("client"), counts.toString());
        assertTrue(counts.getJsonObject("imported").getInt("consent") >= 2, counts.toString());
        assertTrue(counts.getJsonObject("imported").getInt("revoked_grant") >= 1, counts.toString());
        secondExport = export(b);
        assertEquals(records(firstExport), records(secondExport), "PostgreSQL holds what Redis held");

        assertStillWorking(b);
        server.stop();
        server = null;
    }

    @Test
    @Order(3)
    void importWhenBackIntoFreshRedisPrefixThenEveryClientConsentAndTokenStillWorks() throws Exception {
        server = PayaraProcess.start(9103, redisConfig(LAST_PREFIX));
        URI c = server.base();
        imported(c, secondExport);
        assertEquals(records(secondExport), records(export(c)), "Redis holds what PostgreSQL held");
        assertStillWorking(c);
    }

    /** What a user, a client and a resource server see after the switch; it uses up the imported state. */
    private static void assertStillWorking(URI server) throws Exception {
        FlowClient flow = StorageServers.flow(server);
        TestClient pub = TestClient.publicClient(STATE.get("pub"), StorageServers.REDIRECT);
        TestClient conf = TestClient.confidential(STATE.get("conf"), STATE.get("confSecret"),
                StorageServers.REDIRECT, false);
        // Old access tokens introspect active; the revoked grant's stays inactive.
        assertTrue(flow.active(STATE.get("carolAccess")));
        assertTrue(flow.active(STATE.get("daveAccess")));
        assertTrue(flow.active(STATE.get("erinAccess")));
        assertFalse(flow.active(STATE.get("frankAccess")));
        assertEquals(400, flow.refresh(StorageServers.APP, STATE.get("frankRefresh")).statusCode());

        // Consent is remembered: straight back to the client with a code, no consent page.
        assertEquals(302, flow.authorize(pub, "carol").statusCode());
        assertEquals(302, flow.authorize(conf, "dave").statusCode());
        // A user who never consented is still asked; the registered client that had not yet used its
        // registration still exists (a consent page, not an error).
        assertEquals(200, flow.authorize(pub, "zoe").statusCode());
        assertEquals(200, flow.authorize(TestClient.publicClient(STATE.get("idle"), StorageServers.REDIRECT),
                "carol").statusCode());

        // The registered confidential client authenticates with its secret, and its refresh token rotates.
        TestClient wrongSecret = TestClient.confidential(conf.id(), "wrong", conf.redirect(), false);
        assertEquals(401, flow.refresh(wrongSecret, STATE.get("daveRefresh")).statusCode());
        HttpResponse<String> dave = flow.refresh(conf, STATE.get("daveRefresh"));
        assertEquals(200, dave.statusCode(), dave.body());
        assertTrue(flow.active(Http.json(dave).getString("access_token")));

        // The public client's refresh token rotates; presenting it again is reuse and ends the family.
        HttpResponse<String> carol = flow.refresh(pub, STATE.get("carolRefresh"));
        assertEquals(200, carol.statusCode(), carol.body());
        String carolNext = Http.json(carol).getString("refresh_token");
        HttpResponse<String> reuse = flow.refresh(pub, STATE.get("carolRefresh"));
        assertEquals(400, reuse.statusCode(), reuse.body());
        assertEquals(400, flow.refresh(pub, carolNext).statusCode());

        // A refresh token rotated before the switch is reuse after it too: its family, current token included, ends.
        HttpResponse<String> rotated = flow.refresh(StorageServers.APP, STATE.get("erinRotated"));
        assertEquals(400, rotated.statusCode(), rotated.body());
        assertEquals("invalid_grant", Http.json(rotated).getString("error"));
        assertFalse(flow.active(STATE.get("erinAccess")));
        assertEquals(400, flow.refresh(StorageServers.APP, STATE.get("erinRefresh")).statusCode());
    }

    private static JsonObject registerConfidential(URI base) throws Exception {
        HttpResponse<String> r = Http.post(base, "register", "application/json", "{\"redirect_uris\":[\""
                + StorageServers.REDIRECT + "\"],\"token_endpoint_auth_method\":\"client_secret_basic\","
                + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"client_name\":\"Registered server app\"}");
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r);
    }

    private static String export(URI base) throws Exception {
        HttpResponse<String> r = Http.get(base, "admin/export", "Authorization", "Bearer " + ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/x-ndjson", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<String> lines = r.body().lines().toList();
        assertTrue(lines.get(0).startsWith("{\"type\":\"mcp-oauth-export\",\"version\":1,"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).startsWith("{\"type\":\"end\","), lines.get(lines.size() - 1));
        return r.body();
    }

    private static HttpResponse<String> importStream(URI base, String body, String authorization) throws Exception {
        return Http.post(base, "admin/import", "application/x-ndjson", body, "Authorization", authorization);
    }

    private static HttpResponse<String> importStream(URI base, String body) throws Exception {
        return importStream(base, body, "Bearer " + ADMIN);
    }

    private static JsonObject imported(URI base, String body) throws Exception {
        HttpResponse<String> r = importStream(base, body);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject counts = Http.json(r);
        assertEquals(0, counts.getJsonObject("expired").values().stream()
                .mapToInt(v -> ((jakarta.json.JsonNumber) v).intValue()).sum(), r.body());
        return counts;
    }

    /** The record lines of an export as a set: neither the header's time nor a scan's order counts. */
    private static Set<String> records(String export) {
        List<String> lines = export.lines().toList();
        return new HashSet<>(lines.subList(1, lines.size()));
    }
}

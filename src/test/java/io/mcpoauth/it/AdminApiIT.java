package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.jdbc.TestDatabase;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The admin API over HTTP on each backend, one server per backend (memory on 9141, Redis on 9142 under a key
 * prefix of this run, PostgreSQL on 9143 with tables of its own), each running the operator's story: list and
 * page the clients, configured and registered, without a secret hash; list a user's grants; delete a client and
 * see its tokens die; revoke one grant; offboard a user with a token, a refresh token and a code in flight, all
 * refused afterwards, and new sign-ins refused until unblocked; a subject on the deny list refused. And what every
 * call wants: the admin token, bounded parameters, RFC 6749-shaped errors.
 */
class AdminApiIT {

    private static final String ADMIN = "it-admin-" + Long.toHexString(System.nanoTime());
    private static final String DENIED = "mallory";

    enum Backend { MEMORY, REDIS, JDBC }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void adminApiWhenOperatorActsThenClientsGrantsAndSubjectsFollowOnEveryBackend(Backend backend) throws Exception {
        String prefix = "it:admin:" + Long.toHexString(System.nanoTime()) + ":";
        TestDatabase db = backend == Backend.JDBC ? TestDatabase.postgres(TestDatabase.uniquePrefix()) : null;
        PayaraProcess server = null;
        try {
            server = start(backend, prefix, db);
            FlowClient flow = StorageServers.flow(server.base());
            AdminClient admin = new AdminClient(server.base(), ADMIN);
            String where = backend.name();
            everyCallWantsTheTokenAndBoundedParameters(server, admin, where);
            clientsListedPagedShownAndDeleted(flow, admin, where);
            grantListedAndRevokedOneByOne(flow, admin, where);
            offboardingRefusesEverythingInFlightUntilUnblocked(flow, admin, where);
            denyListRefusesAtSignIn(flow, where);
        } finally {
            Stop.all(server, backend == Backend.REDIS ? () -> StorageServers.deleteKeys(StorageServers.REDIS, prefix)
                    : null, db == null ? null : db::drop);
        }
    }

    private static PayaraProcess start(Backend backend, String prefix, TestDatabase db) throws Exception {
        int port = 9141 + backend.ordinal();
        String issuer = "http://localhost:" + port;
        Map<String, String> c = switch (backend) {
            case MEMORY -> StorageServers.memory(issuer);
            case REDIS -> StorageServers.redis(issuer, StorageServers.REDIS, prefix);
            case JDBC -> StorageServers.jdbc(issuer, "jdbc/mcpOAuth", db.prefix());
        };
        c.put("mcp.oauth.admin.token", ADMIN);
        c.put("mcp.oauth.subjects.deny", DENIED + ", someone else");
        return backend == Backend.JDBC
                ? PayaraProcess.start(port, c, StorageServers.postgresEnv(TestDatabase.POSTGRES_URL, "unused"),
                        StorageServers.postgresArgs())
                : PayaraProcess.start(port, c);
    }

    private static void everyCallWantsTheTokenAndBoundedParameters(PayaraProcess server, AdminClient admin,
            String where) throws Exception {
        for (String path : List.of("admin/clients", "admin/grants?subject=ada", "admin/clients/app")) {
            HttpResponse<String> none = Http.get(server.base(), path);
            assertError(none, 401, "invalid_token", where + " " + path);
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), where);
            assertError(Http.get(server.base(), path, "Authorization", "Bearer wrong"), 401, "invalid_token",
                    where + " " + path);
        }
        assertError(Http.postForm(server.base(), "admin/subjects/offboard", Map.of("subject", "ada")), 401,
                "invalid_token", where);
        assertError(admin.get("admin/clients?limit=201"), 400, "invalid_request", where);
        assertError(admin.get("admin/clients?limit=ten"), 400, "invalid_request", where);
        assertError(admin.get("admin/clients?kind=secret"), 400, "invalid_request", where);
        assertError(admin.get("admin/clients?cursor=x"), 400, "invalid_request", where);
        assertError(admin.get("admin/clients?name=" + "n".repeat(300)), 400, "invalid_request", where);
        assertError(admin.get("admin/grants"), 400, "invalid_request", where);
        assertError(admin.get("admin/grants?subject=ada&client_id=app"), 400, "invalid_request", where);
        assertError(admin.post("admin/grants/revoke", Map.of("subject", "ada", "grant_id", "g")), 400,
                "invalid_request", where);
        assertError(admin.post("admin/subjects/block", Map.of("subject", "ada", "until", "2001-01-01T00:00:00Z")),
                400, "invalid_request", where);
        assertError(admin.post("admin/subjects/block", Map.of("subject", "ada", "until", "tomorrow")), 400,
                "invalid_request", where);
        assertError(admin.post("admin/subjects/offboard", Map.of()), 400, "invalid_request", where);
    }

    private static void clientsListedPagedShownAndDeleted(FlowClient flow, AdminClient admin, String where)
            throws Exception {
        TestClient first = flow.register(StorageServers.REDIRECT);
        TestClient second = flow.register(StorageServers.REDIRECT);
        TestClient machine = flow.registerMachine("Nightly sync");
        JsonObject adaFirst = flow.tokens(first, "ada");
        JsonObject adaApp = flow.tokens(StorageServers.APP, "ada");

        HttpResponse<String> all = admin.get("admin/clients?limit=200");
        JsonObject listing = admin.ok(all);
        assertFalse(all.body().contains("$2a$") || all.body().contains("sha256:") || all.body().contains("hash"),
                where + ": no secret hash in " + all.body());
        assertEquals(JsonValue.NULL, listing.get("next_cursor"), where);
        List<String> ids = ids(listing.getJsonArray("clients").getValuesAs(JsonObject.class));
        assertEquals(List.of("app", "rs"), ids.subList(0, 2), where + ": configured first, by id: " + ids);
        assertTrue(ids.containsAll(List.of(first.id(), second.id(), machine.id())), where + ": " + ids);
        JsonObject app = listing.getJsonArray("clients").getJsonObject(0);
        assertEquals("configured", app.getString("source"), where);
        assertEquals("First-party app", app.getString("client_name"), where);

        // Paged one at a time, the same clients in the same order, each once.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonObject p = admin.ok(admin.get("admin/clients?limit=1"
                    + (cursor == null ? "" : "&cursor=" + Http.enc(cursor))));
            paged.addAll(ids(p.getJsonArray("clients").getValuesAs(JsonObject.class)));
            if (p.isNull("next_cursor")) {
                break;
            }
            cursor = p.getString("next_cursor");
        }
        assertEquals(ids, paged, where);

        List<String> publicOnes = ids(admin.ok(admin.get("admin/clients?kind=public")).getJsonArray("clients")
                .getValuesAs(JsonObject.class));
        assertTrue(publicOnes.containsAll(List.of(first.id(), second.id())), where + ": " + publicOnes);
        assertFalse(publicOnes.contains(machine.id()) || publicOnes.contains("app"), where + ": " + publicOnes);
        List<String> named = ids(admin.ok(admin.get("admin/clients?name=nightly%20SYNC&kind=confidential"))
                .getJsonArray("clients").getValuesAs(JsonObject.class));
        assertEquals(List.of(machine.id()), named, where);

        JsonObject shown = admin.ok(admin.get("admin/clients/" + Http.enc(first.id())));
        assertEquals("registered", shown.getString("source"), where);
        assertEquals("none", shown.getString("token_endpoint_auth_method"), where);
        assertEquals(List.of(StorageServers.REDIRECT), strings(shown, "redirect_uris"), where);
        assertError(admin.get("admin/clients/no-such-client"), 404, "not_found", where);

        // A user's grants, one per client, with what the operator needs to see.
        List<JsonObject> adas = grants(admin, "subject=ada");
        assertEquals(2, adas.size(), where + ": " + adas);
        JsonObject viaFirst = adas.stream().filter(g -> g.getString("client_id").equals(first.id())).findFirst()
                .orElseThrow();
        assertEquals("ada", viaFirst.getString("subject"), where);
        assertEquals("mcp:read", viaFirst.getString("scope"), where);
        assertEquals(List.of(StorageServers.RESOURCE), strings(viaFirst, "resources"), where);
        for (String time : List.of("created_at", "last_used_at", "expires_at")) {
            assertTrue(viaFirst.getString(time).endsWith("Z"), where + ": " + viaFirst);
        }
        assertEquals(1, grants(admin, "client_id=" + Http.enc(first.id())).size(), where);

        assertError(admin.delete("admin/clients/app"), 409, "conflict", where);
        JsonObject deleted = admin.ok(admin.delete("admin/clients/" + Http.enc(first.id())));
        assertTrue(deleted.getBoolean("deleted"), where);
        assertEquals(1, deleted.getInt("revoked"), where);
        assertFalse(flow.active(adaFirst.getString("access_token")), where + ": the deleted client's token");
        assertTrue(flow.active(adaApp.getString("access_token")), where + ": another client's token of the user");
        assertError(flow.refresh(first, adaFirst.getString("refresh_token")), 401, "invalid_client", where);
        assertEquals(List.of("app"), grants(admin, "subject=ada").stream().map(g -> g.getString("client_id"))
                .toList(), where);
        assertError(admin.delete("admin/clients/" + Http.enc(first.id())), 404, "not_found", where);
    }

    private static void grantListedAndRevokedOneByOne(FlowClient flow, AdminClient admin, String where)
            throws Exception {
        JsonObject bob = flow.tokens(StorageServers.APP, "bob");
        JsonObject bobAgain = flow.tokens(StorageServers.APP, "bob");
        List<JsonObject> grants = grants(admin, "subject=bob");
        assertEquals(2, grants.size(), where);
        // Refreshed: the grant shows its last use, and the same grant id.
        HttpResponse<String> refreshed = flow.refresh(StorageServers.APP, bob.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), where + ": " + refreshed.body());

        String one = grants.get(0).getString("grant_id");
        assertEquals(1, admin.ok(admin.post("admin/grants/revoke", Map.of("grant_id", one))).getInt("revoked"),
                where);
        assertEquals(1, grants(admin, "subject=bob").size(), where);
        JsonObject left = grants(admin, "subject=bob").get(0);
        assertFalse(left.getString("grant_id").equals(one), where);
        // Exactly one of bob's two grants is dead, whichever the index listed first.
        boolean firstDead = !flow.active(Http.json(refreshed).getString("access_token"));
        boolean secondDead = !flow.active(bobAgain.getString("access_token"));
        assertTrue(firstDead ^ secondDead, where + ": one grant revoked, not both");
        assertEquals(0, admin.ok(admin.post("admin/grants/revoke", Map.of("grant_id", one))).getInt("revoked"),
                where + ": again, nothing left to count");

        assertEquals(1, admin.ok(admin.post("admin/grants/revoke", Map.of("subject", "bob"))).getInt("revoked"),
                where);
        assertFalse(flow.active(bobAgain.getString("access_token")), where);
        assertEquals(List.of(), grants(admin, "subject=bob"), where);
    }

    private static void offboardingRefusesEverythingInFlightUntilUnblocked(FlowClient flow, AdminClient admin,
            String where) throws Exception {
        JsonObject carol = flow.tokens(StorageServers.APP, "carol");
        String codeInFlight = flow.code(StorageServers.APP, "carol");

        JsonObject off = admin.offboard("carol");
        assertEquals("carol", off.getString("subject"), where);
        assertEquals(1, off.getInt("revoked"), where);
        assertTrue(off.getString("blocked_until").endsWith("Z"), where);

        assertFalse(flow.active(carol.getString("access_token")), where + ": access token dead at once");
        assertError(flow.refresh(StorageServers.APP, carol.getString("refresh_token")), 400, "invalid_grant", where);
        assertError(flow.exchange(StorageServers.APP, codeInFlight), 400, "invalid_grant",
                where + ": a code issued before the offboarding");
        assertAccessDenied(flow, "carol", where);
        assertEquals(List.of(), grants(admin, "subject=carol"), where + ": nothing left, the refused one included");

        assertTrue(admin.ok(admin.post("admin/subjects/unblock", Map.of("subject", "carol"))).getBoolean("unblocked"),
                where);
        JsonObject back = flow.tokens(StorageServers.APP, "carol");
        assertTrue(flow.active(back.getString("access_token")), where + ": signed in again once unblocked");

        long until = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        JsonObject blocked = admin.ok(admin.post("admin/subjects/block",
                Map.of("subject", "carol", "until", String.valueOf(until))));
        assertEquals(Instant.ofEpochSecond(until).toString(), blocked.getString("blocked_until"), where);
        assertError(flow.refresh(StorageServers.APP, back.getString("refresh_token")), 400, "invalid_grant",
                where + ": a block refuses the next refresh");
        assertFalse(flow.active(back.getString("access_token")), where + ": and revokes that grant");
        assertFalse(admin.ok(admin.post("admin/subjects/unblock", Map.of("subject", "nobody")))
                .getBoolean("unblocked"), where);
    }

    private static void denyListRefusesAtSignIn(FlowClient flow, String where) throws Exception {
        assertAccessDenied(flow, DENIED, where);
        assertAccessDenied(flow, "someone else", where);
    }

    /** The user signs in at the gateway and the client is sent back {@code access_denied} (RFC 6749 4.1.2.1). */
    private static void assertAccessDenied(FlowClient flow, String user, String where) throws Exception {
        HttpResponse<String> r = flow.authorize(StorageServers.APP, user);
        assertEquals(302, r.statusCode(), where + ": " + r.body());
        Map<String, String> query = Query.of(r.headers().firstValue("Location").orElseThrow());
        assertEquals("access_denied", query.get("error"), where + ": " + query);
        assertEquals("s", query.get("state"), where);
        assertFalse(query.containsKey("code"), where);
    }

    private static List<JsonObject> grants(AdminClient admin, String query) throws Exception {
        return Http.json(admin.get("admin/grants?" + query)).getJsonArray("grants").getValuesAs(JsonObject.class);
    }

    private static List<String> ids(List<JsonObject> clients) {
        return clients.stream().map(c -> c.getString("client_id")).toList();
    }

    private static List<String> strings(JsonObject o, String name) {
        return o.getJsonArray(name).getValuesAs(JsonString::getString);
    }

    private static void assertError(HttpResponse<String> r, int status, String error, String where) {
        assertEquals(status, r.statusCode(), where + ": " + r.body());
        assertEquals(error, Http.json(r).getString("error"), where + ": " + r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), where);
    }
}

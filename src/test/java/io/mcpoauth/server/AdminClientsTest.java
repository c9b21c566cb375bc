package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.Json;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The admin API's clients through the provider (memory storage): configured and registered ones listed and paged
 * without a secret hash, filtered by name and kind, shown, and deleted with their grants; and the admin token's
 * rules (absent endpoint, wrong token audited and locked out).
 */
class AdminClientsTest {

    private static final String ADMIN = "admin-token-for-the-clients-api";
    private static final RequestContext FROM = new RequestContext("127.0.0.216");

    private final ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN));
    @AutoClose
    private final LogCapture audit = new LogCapture(AuditLog.LOGGER_NAME);

    /** Stores a registered client of the method, named {@code name}, with a secret hash when the method has one. */
    private ClientRecord registered(String id, String name, ClientAuthMethod method) {
        ClientKeys keys = method == ClientAuthMethod.PRIVATE_KEY_JWT
                ? ClientKeys.fetched("https://keys.example.com/" + id, Set.of()) : ClientKeys.NONE;
        ClientRecord c = new ClientRecord(id, name, method.usesSecret() ? "sha256:deadbeef" : "", method,
                method.isPublic() ? List.of(REDIRECT) : List.of(),
                Set.of("mcp:read"), method.isPublic() ? Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                        : Set.of(GrantType.CLIENT_CREDENTIALS), f.clock.instant(), null, keys);
        f.storage.clients().save(c, f.clock.instant());
        return c;
    }

    private Map<String, Object> list(String name, String kind, String cursor, String limit) {
        return f.clientAdmin().list(ADMIN, name, kind, cursor, limit, FROM);
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("clients")).stream().map(c -> (String) c.get("client_id"))
                .toList();
    }

    @Test
    void listWhenConfiguredAndRegisteredThenConfiguredFirstByIdThenRegisteredWithoutSecretHashes() {
        registered("r-basic", "Nightly sync", ClientAuthMethod.CLIENT_SECRET_BASIC);
        registered("r-public", "Desktop app", ClientAuthMethod.NONE);
        registered("r-keys", "Agent with keys", ClientAuthMethod.PRIVATE_KEY_JWT);

        Map<String, Object> page = list(null, null, null, null);

        assertEquals(List.of("app", "cli", "rs", "svc", "r-basic", "r-keys", "r-public"), ids(page));
        assertNull(page.get("next_cursor"));
        String json = Json.object(page);
        assertFalse(json.contains("sha256:") || json.contains("$2a$") || json.contains("hash"), json);
        assertTrue(json.contains("\"client_id\":\"app\",\"client_name\":\"app\",\"kind\":\"confidential\","
                + "\"token_endpoint_auth_method\":\"client_secret_basic\""), json);
        assertTrue(json.contains("\"source\":\"configured\""), json);
        assertTrue(json.contains("\"jwks_uri\":\"https://keys.example.com/r-keys\""), json);
        assertTrue(json.contains("\"client_id\":\"r-public\",\"client_name\":\"Desktop app\",\"kind\":\"public\","
                + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\","
                + "\"refresh_token\"],\"redirect_uris\":[\"" + REDIRECT + "\"],\"scope\":\"mcp:read\","
                + "\"source\":\"registered\",\"created_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":null}"), json);
    }

    @Test
    void listWhenPagedOneByOneThenEveryClientOnceInTheSameOrder() {
        for (int i = 0; i < 5; i++) {
            registered("r-" + i, "Registered " + i, i % 2 == 0 ? ClientAuthMethod.NONE
                    : ClientAuthMethod.CLIENT_SECRET_POST);
        }
        List<String> all = ids(list(null, null, null, "200"));
        for (String limit : List.of("1", "2", "3")) {
            List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                Map<String, Object> page = list(null, null, cursor, limit);
                assertTrue(ids(page).size() <= Integer.parseInt(limit), page::toString);
                paged.addAll(ids(page));
                cursor = (String) page.get("next_cursor");
            } while (cursor != null);
            assertEquals(all, paged, "limit " + limit);
        }
    }

    @Test
    void listWhenKindOrNameThenOnlyThoseClients() {
        registered("r-basic", "Nightly SYNC job", ClientAuthMethod.CLIENT_SECRET_BASIC);
        registered("r-post", "Weekly report", ClientAuthMethod.CLIENT_SECRET_POST);
        registered("r-public", "Desktop sync", ClientAuthMethod.NONE);
        registered("r-keys", "Agent", ClientAuthMethod.PRIVATE_KEY_JWT);

        assertEquals(List.of("cli", "r-public"), ids(list(null, "public", null, null)));
        assertEquals(List.of("app", "rs", "svc", "r-basic", "r-keys", "r-post"),
                ids(list(null, "confidential", null, null)));
        assertEquals(List.of("r-keys"), ids(list(null, "private_key_jwt", null, null)));
        assertEquals(List.of("r-post"), ids(list(null, "client_secret_post", null, null)));
        assertEquals(List.of("r-basic", "r-public"), ids(list("Sync", null, null, null)));
        assertEquals(List.of("r-basic"), ids(list("sync", "confidential", null, null)));
        // A page of the confidential ones, paged through the public ones in between: none lost, none twice.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = list(null, "confidential", cursor, "1");
            paged.addAll(ids(page));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(List.of("app", "rs", "svc", "r-basic", "r-keys", "r-post"), paged);
    }

    @Test
    void listWhenParametersOutOfBoundsThenInvalidRequest() {
        for (String limit : List.of("0", "201", "-1", "ten", "99999999999")) {
            assertEquals("invalid_request", assertThrows(OAuthException.class,
                    () -> list(null, null, null, limit)).error().code(), limit);
        }
        assertThrows(OAuthException.class, () -> list(null, "secret", null, null));
        assertThrows(OAuthException.class, () -> list("n".repeat(257), null, null, null));
        assertThrows(OAuthException.class, () -> list(null, null, "x:not-ours", null));
        assertThrows(OAuthException.class, () -> list(null, null, "c:" + "x".repeat(2048), null));
    }

    @Test
    void showWhenConfiguredOrRegisteredThenShownWithItsSourceAndWhenUnknownThenNotFound() {
        registered("r-public", "Desktop app", ClientAuthMethod.NONE);
        assertEquals("configured", f.clientAdmin().show(ADMIN, "svc", FROM).get("source"));
        assertEquals("registered", f.clientAdmin().show(ADMIN, "r-public", FROM).get("source"));
        OAuthException e = assertThrows(OAuthException.class, () -> f.clientAdmin().show(ADMIN, "nope", FROM));
        assertEquals("not_found", e.error().code());
        assertEquals(404, e.error().httpStatus());
    }

    @Test
    void deleteWhenRegisteredThenGoneAndItsTokensInactiveAndOtherClientsUntouched() {
        Map<String, Object> registration = f.register(Map.of("redirect_uris", List.of(REDIRECT),
                "token_endpoint_auth_method", "none"), null, RequestContext.UNKNOWN);
        String id = (String) registration.get("client_id");
        Map<String, String> query = f.authorize(ProviderFixture.authorizeParams(id, REDIRECT), "alice");
        Map<String, String> form = ProviderFixture.codeForm(query.get("code"));
        form.put("client_id", id);
        TokenResponse theirs = f.token(form, null);
        TokenResponse app = f.exchange(f.code("app", REDIRECT), REDIRECT);

        Map<String, Object> answer = f.clientAdmin().delete(ADMIN, id, FROM);

        assertEquals(Map.of("deleted", true, "revoked", 1), answer);
        assertFalse(f.storage.clients().find(id, f.clock.instant()).isPresent());
        assertEquals(false, f.introspect(theirs.accessToken(), "rs").get("active"));
        assertEquals(true, f.introspect(app.accessToken(), "rs").get("active"));
        assertEquals("not_found", assertThrows(OAuthException.class,
                () -> f.clientAdmin().delete(ADMIN, id, FROM)).error().code());
        assertEquals(1, written("client.deleted", "success").size());
    }

    @Test
    void deleteWhenConfiguredThenConflictAndTheClientStays() {
        OAuthException e = assertThrows(OAuthException.class, () -> f.clientAdmin().delete(ADMIN, "app", FROM));
        assertEquals("conflict", e.error().code());
        assertEquals(409, e.error().httpStatus());
        assertTrue(e.description().contains("mcp.oauth.client.app."), e.description());
        assertTrue(f.clientAdmin().show(ADMIN, "app", FROM).containsKey("client_id"));
        List<String> failed = written("client.deleted", "failure");
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).contains("\"reason\":\"configured\""), failed.get(0));
    }

    @Test
    void callWhenNoAdminTokenConfiguredThenNoSuchEndpoint() {
        ProviderFixture closed = new ProviderFixture();
        assertThrows(EndpointDisabledException.class, () -> closed.clientAdmin().list("", null, null, null, null,
                FROM));
        assertThrows(EndpointDisabledException.class, () -> closed.grantAdmin().revoke("x", null, "alice", null,
                FROM));
        assertThrows(EndpointDisabledException.class, () -> closed.subjectAdmin().offboard("x", "alice", null,
                FROM));
    }

    @Test
    void callWhenWrongTokenThenInvalidTokenAuditedAndTheAddressLockedOutAtTheLimit() {
        for (int i = 0; i < 10; i++) {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> f.clientAdmin().list("guess", null, null, null, null, FROM));
            assertEquals("invalid_token", e.error().code());
        }
        assertThrows(RateLimitedException.class, () -> f.clientAdmin().delete(ADMIN, "app", FROM));
        assertThrows(RateLimitedException.class, () -> f.subjectAdmin().unblock(ADMIN, "alice", FROM));
        List<String> failed = written("clients.listed", "failure");
        assertEquals(10, failed.size());
        assertTrue(failed.get(0).contains("\"reason\":\"bad admin token\""), failed.get(0));
    }

    /** Closes the log, which writes every queued line, and returns this address's lines of the event. */
    private List<String> written(String event, String outcome) {
        f.audit.close();
        return audit.messages().stream().filter(l -> l.contains("\"event\":\"" + event + "\""))
                .filter(l -> l.contains("\"outcome\":\"" + outcome + "\""))
                .filter(l -> l.contains("\"remote\":\"" + FROM.remoteAddress() + "\"")).toList();
    }
}

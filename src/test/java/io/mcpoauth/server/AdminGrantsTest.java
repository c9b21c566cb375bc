package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin API's grants through the provider (memory storage): a subject's or a client's grants listed with
 * what an operator needs, paged, and revoked one at a time or all at once, their tokens inactive at once.
 */
class AdminGrantsTest {

    private static final String ADMIN = "admin-token-for-the-grants-api";
    private static final RequestContext FROM = new RequestContext("127.0.0.217");

    private final ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN,
            "mcp.oauth.resources", "https://mcp.example.com/mcp"));

    private TokenResponse tokens(String user) {
        Map<String, String> query = f.authorize(ProviderFixture.authorizeParams("app", REDIRECT), user);
        return f.exchange(query.get("code"), REDIRECT);
    }

    private List<Map<String, Object>> bySubject(String subject) {
        return grants(f.grantAdmin().list(ADMIN, subject, null, null, null, FROM));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> grants(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("grants");
    }

    @Test
    void listWhenSubjectHasAGrantThenItsClientScopeResourcesAndTimes() {
        TokenResponse t = tokens("alice");
        f.clock.advance(Duration.ofMinutes(65));
        f.refresh(t.refreshToken(), null);

        List<Map<String, Object>> grants = bySubject("alice");

        assertEquals(1, grants.size(), grants::toString);
        Map<String, Object> g = grants.get(0);
        assertEquals("app", g.get("client_id"));
        assertEquals("alice", g.get("subject"));
        assertEquals("mcp:read mcp:write", g.get("scope"));
        assertEquals(List.of("https://mcp.example.com/mcp"), g.get("resources"));
        assertEquals("2026-01-01T00:00:00Z", g.get("created_at"));
        assertEquals("2026-01-01T01:05:00Z", g.get("last_used_at"), "the first refresh of a later hour records");
        assertEquals("2026-01-31T02:05:00Z", g.get("expires_at"),
                "the idle limit from the last refresh, and the index's hour of precision");
        assertEquals(List.of(), bySubject("bob"));
        assertEquals(1, grants(f.grantAdmin().list(ADMIN, null, "app", null, null, FROM)).size());
    }

    @Test
    void listWhenPagedThenEveryGrantOnce() {
        for (int i = 0; i < 5; i++) {
            tokens("alice");
        }
        List<Object> all = bySubject("alice").stream().map(g -> g.get("grant_id")).toList();
        assertEquals(5, all.size());
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = f.grantAdmin().list(ADMIN, "alice", null, cursor, "2", FROM);
            assertTrue(grants(page).size() <= 2);
            grants(page).forEach(g -> paged.add(g.get("grant_id")));
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        assertEquals(all, paged);
    }

    @Test
    void revokeWhenGrantIdThenOnlyThatGrantsTokensInactiveAndItsRefreshRefused() {
        TokenResponse first = tokens("alice");
        TokenResponse second = tokens("alice");
        String firstGrant = (String) bySubject("alice").stream()
                .filter(g -> !g.get("grant_id").equals(grantOf(second))).findFirst().orElseThrow().get("grant_id");

        assertEquals(1, f.grantAdmin().revoke(ADMIN, firstGrant, null, null, FROM));

        assertEquals(false, f.introspect(first.accessToken(), "rs").get("active"));
        assertEquals(true, f.introspect(second.accessToken(), "rs").get("active"));
        assertEquals("invalid_grant", assertThrows(OAuthException.class,
                () -> f.refresh(first.refreshToken(), null)).error().code());
        assertEquals(1, bySubject("alice").size());
        assertEquals(0, f.grantAdmin().revoke(ADMIN, firstGrant, null, null, FROM), "not counted twice");
    }

    @Test
    void revokeWhenSubjectOrClientThenAllTheirGrants() {
        TokenResponse alice = tokens("alice");
        TokenResponse alice2 = tokens("alice");
        TokenResponse bob = tokens("bob");

        assertEquals(2, f.grantAdmin().revoke(ADMIN, null, "alice", null, FROM));
        assertEquals(false, f.introspect(alice.accessToken(), "rs").get("active"));
        assertEquals(false, f.introspect(alice2.accessToken(), "rs").get("active"));
        assertEquals(true, f.introspect(bob.accessToken(), "rs").get("active"));

        assertEquals(1, f.grantAdmin().revoke(ADMIN, null, null, "app", FROM));
        assertEquals(false, f.introspect(bob.accessToken(), "rs").get("active"));
        assertNull(grants(f.grantAdmin().list(ADMIN, null, "app", null, null, FROM)).stream().findAny()
                .orElse(null));
    }

    @Test
    void callWhenNotExactlyOneOwnerThenInvalidRequest() {
        assertInvalid(() -> f.grantAdmin().revoke(ADMIN, null, null, null, FROM));
        assertInvalid(() -> f.grantAdmin().revoke(ADMIN, "g", "alice", null, FROM));
        assertInvalid(() -> f.grantAdmin().revoke(ADMIN, "", "", "", FROM));
        assertInvalid(() -> f.grantAdmin().list(ADMIN, null, null, null, null, FROM));
        assertInvalid(() -> f.grantAdmin().list(ADMIN, "alice", "app", null, null, FROM));
        assertInvalid(() -> f.grantAdmin().revoke(ADMIN, "g".repeat(129), null, null, FROM));
        assertInvalid(() -> f.grantAdmin().list(ADMIN, "s".repeat(1025), null, null, null, FROM));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        assertEquals("invalid_request", assertThrows(OAuthException.class, call).error().code());
    }

    /** The grant id of a token response, as introspection does not tell it: from the index, by its access token. */
    private String grantOf(TokenResponse t) {
        return f.storage.accessTokens().findAccessToken(io.mcpoauth.crypto.Tokens.hash(t.accessToken()),
                f.clock.instant()).orElseThrow().grant().grantId();
    }
}

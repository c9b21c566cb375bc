package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevocationIntrospectionTest {

    private final ProviderFixture f = new ProviderFixture();

    private TokenResponse tokens(String... resources) {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        Map<String, List<String>> multi = new LinkedHashMap<>();
        p.forEach((k, v) -> multi.put(k, List.of(v)));
        if (resources.length > 0) {
            multi.put("resource", List.of(resources));
        }
        ValidatedAuthorization auth = f.provider.validateAuthorization(new Parameters(multi), RequestContext.UNKNOWN);
        String code = Query.of(f.approve(auth, "alice")).get("code");
        return f.exchange(code, REDIRECT);
    }

    @Test
    void introspectWhenOwnLiveTokenThenActiveWithClaims() {
        TokenResponse t = tokens("https://mcp.example.com");
        Map<String, Object> m = f.introspect(t.accessToken(), "app");
        assertEquals(true, m.get("active"));
        assertEquals("app", m.get("client_id"));
        assertEquals("alice", m.get("sub"));
        assertEquals("mcp:read mcp:write", m.get("scope"));
        assertEquals("https://mcp.example.com/", m.get("aud"), "https://host and https://host/ are one resource");
        assertEquals("https://as.example.com", m.get("iss"));
        assertEquals("Bearer", m.get("token_type"));
        assertEquals(3600L, (long) m.get("exp") - (long) m.get("iat"));
    }

    @Test
    void introspectWhenOtherClientsTokenThenInactiveUnlessResourceServer() {
        TokenResponse t = tokens();
        assertEquals(Map.of("active", false), f.introspect(t.accessToken(), "svc"));
        assertEquals(true, f.introspect(t.accessToken(), "rs").get("active"));
    }

    @Test
    void introspectWhenExpiredUnknownOrRefreshTokenThenInactive() {
        TokenResponse t = tokens();
        assertEquals(false, f.introspect(t.refreshToken(), "app").get("active"));
        assertEquals(false, f.introspect("no-such-token", "app").get("active"));
        f.clock.advance(Duration.ofMinutes(61));
        assertEquals(Map.of("active", false), f.introspect(t.accessToken(), "app"));
    }

    @Test
    void introspectWhenPublicClientThenInvalidClient() {
        Parameters params = Parameters.of(Map.of("token", "x", "client_id", "cli"));
        assertEquals("invalid_client", assertThrows(OAuthException.class, () -> f.provider.introspect(params,
                ClientCredentials.from(null, params), RequestContext.UNKNOWN)).error().code());
    }

    @Test
    void revokeWhenRefreshTokenThenItsAccessTokensDieToo() {
        TokenResponse t = tokens();
        f.revoke(t.refreshToken(), "refresh_token", "app");
        assertEquals(false, f.introspect(t.accessToken(), "app").get("active"));
        assertThrows(OAuthException.class, () -> f.refresh(t.refreshToken(), null));
    }

    @Test
    void revokeWhenHintIsWrongThenOtherTypeStillRevoked() {
        TokenResponse t = tokens();
        f.revoke(t.refreshToken(), "access_token", "app");
        assertThrows(OAuthException.class, () -> f.refresh(t.refreshToken(), null));
        TokenResponse u = tokens();
        f.revoke(u.accessToken(), "refresh_token", "app");
        assertEquals(false, f.introspect(u.accessToken(), "app").get("active"));
        assertTrue(f.refresh(u.refreshToken(), null).accessToken() != null, "revoking an access token keeps the grant");
    }

    @Test
    void revokeWhenAnotherClientsTokenOrUnknownThenNothingChanges() {
        TokenResponse t = tokens();
        f.revoke(t.accessToken(), null, "svc");
        f.revoke(t.refreshToken(), null, "svc");
        f.revoke("unknown-token", null, "app");
        assertEquals(true, f.introspect(t.accessToken(), "app").get("active"));
        assertTrue(f.refresh(t.refreshToken(), null).accessToken() != null);
    }

    @Test
    void refreshWhenResourceNarrowedThenAudienceNarrowAndWideningRefused() {
        TokenResponse t = tokens("https://a.example.com/mcp", "https://b.example.com/mcp");
        TokenResponse narrow = refreshWithResource(t.refreshToken(), "https://a.example.com/mcp");
        assertEquals("https://a.example.com/mcp", f.introspect(narrow.accessToken(), "app").get("aud"));
        OAuthException e = assertThrows(OAuthException.class,
                () -> refreshWithResource(narrow.refreshToken(), "https://c.example.com/mcp"));
        assertEquals("invalid_target", e.error().code());
    }

    private TokenResponse refreshWithResource(String refresh, String resource) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refresh);
        form.put("resource", resource);
        return f.token(form, ProviderFixture.basic("app", SECRET));
    }

    @Test
    void clientCredentialsWhenConfidentialMachineClientThenAccessTokenWithoutRefresh() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("resource", "https://mcp.example.com/mcp");
        TokenResponse t = f.token(form, ProviderFixture.basic("svc", SECRET));
        assertNull(t.refreshToken());
        assertEquals("mcp:read", t.scope());
        Map<String, Object> m = f.introspect(t.accessToken(), "rs");
        assertEquals("svc", m.get("sub"));
        assertEquals("https://mcp.example.com/mcp", m.get("aud"));
    }

    @Test
    void clientCredentialsWhenScopeBeyondClientOrClientNotAllowedThenRefused() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "mcp:write");
        assertEquals("invalid_scope", assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("svc", SECRET))).error().code());
        form.remove("scope");
        assertEquals("unauthorized_client", assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("app", SECRET))).error().code());
    }

    @Test
    void resourceWhenNotInAllowListThenInvalidTarget() {
        ProviderFixture limited = new ProviderFixture(Map.of("mcp.oauth.resources", "https://mcp.example.com"));
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("resource", "https://other.example.com/");
        assertEquals("invalid_target", assertThrows(AuthorizationRedirectException.class,
                () -> limited.provider.validateAuthorization(Parameters.of(p), RequestContext.UNKNOWN)).error().code());
        p.put("resource", "https://mcp.example.com/");
        assertFalse(limited.authorize(p, "alice").get("code").isEmpty());
    }
}

package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private final ProviderFixture f = new ProviderFixture();

    private static Map<String, Object> publicClient(String... redirectUris) {
        Map<String, Object> m = new HashMap<>();
        m.put("redirect_uris", List.of(redirectUris));
        m.put("token_endpoint_auth_method", "none");
        m.put("grant_types", List.of("authorization_code", "refresh_token"));
        m.put("client_name", "Claude-like desktop app");
        return m;
    }

    private Map<String, Object> register(Map<String, Object> md) {
        return f.register(md, null, RequestContext.UNKNOWN);
    }

    @Test
    void registerWhenPublicClientThenNoSecretAndFlowWorks() {
        Map<String, Object> r = register(publicClient("http://127.0.0.1:33418/callback"));
        assertFalse(r.containsKey("client_secret"));
        assertFalse(r.containsValue(null));
        assertEquals("none", r.get("token_endpoint_auth_method"));
        assertEquals(List.of("http://127.0.0.1:33418/callback"), r.get("redirect_uris"));
        assertNotNull(r.get("client_id_issued_at"));
        String clientId = (String) r.get("client_id");

        Map<String, String> p = ProviderFixture.authorizeParams(clientId, "http://127.0.0.1:40000/callback");
        String code = f.authorize(p, "alice").get("code");
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("client_id", clientId);
        assertNotNull(f.token(form, null).refreshToken());
    }

    @Test
    void registerWhenConfidentialThenSecretWorksAndIsStoredHashed() {
        Map<String, Object> md = publicClient("https://app.example.com/cb");
        md.put("token_endpoint_auth_method", "client_secret_post");
        Map<String, Object> r = register(md);
        String id = (String) r.get("client_id");
        String secret = (String) r.get("client_secret");
        assertTrue(secret.length() >= 43);
        assertEquals(0, r.get("client_secret_expires_at"));
        String stored = f.storage.clients().find(id, f.clock.instant()).orElseThrow().secretHash();
        assertTrue(stored.startsWith("sha256:"));
        assertFalse(stored.contains(secret));
        Map<String, List<String>> form = ProviderFixture.form(Map.of("token", "x", "client_id", id,
                "client_secret", secret));
        assertEquals(false, f.introspection().introspect(form, null, RequestContext.UNKNOWN).get("active"));
        Map<String, List<String>> wrong = ProviderFixture.form(Map.of("token", "x", "client_id", id,
                "client_secret", secret + "x"));
        assertThrows(OAuthException.class, () -> f.introspection().introspect(wrong, null, RequestContext.UNKNOWN));
    }

    /**
     * MCP 2026-07-28 has clients send {@code application_type} (an OpenID Connect member): accepted, not used,
     * and the same redirect-URI rules hold whatever it says.
     */
    @Test
    void registerWhenApplicationTypeSentThenAcceptedAndTheRedirectRulesUnchanged() {
        for (String type : List.of("native", "web")) {
            Map<String, Object> md = publicClient("http://127.0.0.1:33418/callback");
            md.put("application_type", type);
            Map<String, Object> r = register(md);
            assertNotNull(r.get("client_id"), type);
            assertEquals(List.of("http://127.0.0.1:33418/callback"), r.get("redirect_uris"));
            Map<String, Object> plainHttp = publicClient("http://app.example.com/cb");
            plainHttp.put("application_type", type);
            assertEquals("invalid_redirect_uri",
                    assertThrows(OAuthException.class, () -> register(plainHttp)).error().code(), type);
        }
    }

    @Test
    void registerWhenRedirectUriNotHttpsOrLoopbackOrHasFragmentThenInvalidRedirectUri() {
        for (String bad : List.of("http://app.example.com/cb", "https://app.example.com/cb#x", "/relative",
                "javascript:alert(1)", "http://10.0.0.1/cb")) {
            OAuthException e = assertThrows(OAuthException.class, () -> register(publicClient(bad)), bad);
            assertEquals("invalid_redirect_uri", e.error().code(), bad);
        }
        assertNotNull(register(publicClient("http://localhost:8000/cb", "http://[::1]/cb")).get("client_id"));
    }

    @Test
    void registerWhenMetadataInvalidThenInvalidClientMetadata() {
        Map<String, Object> badMethod = publicClient("https://a.example/cb");
        badMethod.put("token_endpoint_auth_method", "private_key_jwt");
        Map<String, Object> badGrant = publicClient("https://a.example/cb");
        badGrant.put("grant_types", List.of("implicit"));
        Map<String, Object> badType = publicClient("https://a.example/cb");
        badType.put("redirect_uris", "https://a.example/cb");
        Map<String, Object> badScope = publicClient("https://a.example/cb");
        badScope.put("scope", "admin");
        Map<String, Object> publicMachine = publicClient("https://a.example/cb");
        publicMachine.put("grant_types", List.of("client_credentials"));
        for (Map<String, Object> md : List.of(badMethod, badGrant, badType, badScope, publicMachine)) {
            assertEquals("invalid_client_metadata", assertThrows(OAuthException.class, () -> register(md)).error().code());
        }
    }

    @Test
    void registerWhenInitialAccessTokenConfiguredThenRequired() {
        ProviderFixture guarded = new ProviderFixture(Map.of("mcp.oauth.registration.initial-access-token", "let-me-in"));
        Map<String, Object> md = publicClient("https://a.example/cb");
        OAuthException e = assertThrows(OAuthException.class,
                () -> guarded.register(md, null, RequestContext.UNKNOWN));
        assertEquals("invalid_token", e.error().code());
        assertEquals(401, e.error().httpStatus());
        assertThrows(OAuthException.class, () -> guarded.register(md, "let-me-out", RequestContext.UNKNOWN));
        assertNotNull(guarded.register(md, "let-me-in", RequestContext.UNKNOWN).get("client_id"));
    }

    @Test
    void registerWhenDisabledThenRefusedAndNotAdvertised() {
        ProviderFixture off = new ProviderFixture(Map.of("mcp.oauth.registration.enabled", "false"));
        assertEquals("dynamic client registration is disabled", assertThrows(EndpointDisabledException.class,
                () -> off.register(publicClient("https://a.example/cb"), null, RequestContext.UNKNOWN))
                .getMessage());
        assertFalse(off.metadata().metadata().containsKey("registration_endpoint"));
        assertEquals("https://as.example.com/register", f.metadata().metadata().get("registration_endpoint"));
    }

    @Test
    void registerWhenLimitReachedThenRefused() {
        ProviderFixture small = new ProviderFixture(Map.of("mcp.oauth.registration.max-clients", "2"));
        small.register(publicClient("https://a.example/cb"), null, RequestContext.UNKNOWN);
        small.register(publicClient("https://a.example/cb"), null, RequestContext.UNKNOWN);
        assertThrows(OAuthException.class,
                () -> small.register(publicClient("https://a.example/cb"), null, RequestContext.UNKNOWN));
    }

    @Test
    void registeredClientWhenUnusedPastTtlThenGoneAndWhenUsedThenKept() {
        String unused = (String) register(publicClient("http://127.0.0.1/cb")).get("client_id");
        String used = (String) register(publicClient("http://127.0.0.1/cb")).get("client_id");
        String code = f.authorize(ProviderFixture.authorizeParams(used, "http://127.0.0.1/cb"), "alice").get("code");
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("client_id", used);
        f.token(form, null);

        f.clock.advance(java.time.Duration.ofHours(25));
        OAuthException gone = assertThrows(OAuthException.class, () -> f.validate(
                Parameters.of(ProviderFixture.authorizeParams(unused, "http://127.0.0.1/cb"))));
        assertFalse(gone instanceof AuthorizationRedirectException);
        assertNotNull(f.authorize(ProviderFixture.authorizeParams(used, "http://127.0.0.1/cb"), "alice").get("code"));
    }
}

package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.cimd.TestHttpsServer;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.store.ClientRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Registered and metadata-document clients: user-delegated grants only, within their own scope ceiling. */
class RegisteredClientPolicyTest {

    private static final String RESOURCE = "https://mcp.example.com/mcp";
    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    private static Map<String, Object> machineClient() {
        Map<String, Object> m = new HashMap<>();
        m.put("grant_types", List.of("client_credentials"));
        m.put("token_endpoint_auth_method", "client_secret_basic");
        m.put("client_name", "bot");
        return m;
    }

    private static Map<String, String> clientCredentials(String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        form.put("resource", RESOURCE);
        return form;
    }

    @Test
    void registerWhenClientCredentialsAndNotAllowedByConfigurationThenInvalidClientMetadata() {
        ProviderFixture f = new ProviderFixture();
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.register(machineClient(), null, RequestContext.UNKNOWN));
        assertEquals("invalid_client_metadata", e.error().code());
        assertEquals(400, e.error().httpStatus());
        assertEquals(0, f.storage.clients().count(f.clock.instant()));
    }

    @Test
    void registerWhenClientCredentialsAllowedThenMachineTokenWithinTheRegistrationCeilingOnly() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.registration.grant-types",
                "authorization_code,refresh_token,client_credentials", "mcp.oauth.registration.scopes", "mcp:read",
                "mcp.oauth.resources", RESOURCE));
        Map<String, Object> r = f.register(machineClient(), null, RequestContext.UNKNOWN);
        assertEquals("mcp:read", r.get("scope"));
        String auth = ProviderFixture.basic((String) r.get("client_id"), (String) r.get("client_secret"));
        TokenResponse token = f.token(clientCredentials(null), auth);
        assertEquals("mcp:read", token.scope());
        assertEquals("invalid_scope", assertThrows(OAuthException.class,
                () -> f.token(clientCredentials("mcp:write"), auth)).error().code());
        Map<String, Object> wider = machineClient();
        wider.put("scope", "mcp:read mcp:write");
        assertEquals("invalid_client_metadata", assertThrows(OAuthException.class,
                () -> f.register(wider, null, RequestContext.UNKNOWN)).error().code());
    }

    @Test
    void settingsWhenClientCredentialsAllowedWithoutScopeCeilingOrResourcesThenRefusedNamingTheKey() {
        for (Map<String, String> bad : List.of(
                Map.of("mcp.oauth.registration.grant-types", "client_credentials", "mcp.oauth.resources", RESOURCE),
                Map.of("mcp.oauth.registration.grant-types", "client_credentials",
                        "mcp.oauth.registration.scopes", "mcp:read"),
                Map.of("mcp.oauth.registration.grant-types", "password"),
                Map.of("mcp.oauth.scopes", "mcp:read", "mcp.oauth.registration.scopes", "admin"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OAuthSettings.load(ConfigSource.of(bad)), bad.toString());
            assertTrue(e.getMessage().startsWith("mcp.oauth.registration."), e.getMessage());
        }
    }

    @Test
    void tokenWhenClientRegisteredWithClientCredentialsBeforeConfigurationForbadeItThenUnauthorizedClient() {
        ProviderFixture f = new ProviderFixture();
        // As a registration of an earlier release left it: a machine client with no scope bound ("any").
        f.storage.clients().save(new ClientRecord("old-bot", "old bot", SecretVerifier.sha256Hash("bot-secret"),
                ClientAuthMethod.CLIENT_SECRET_BASIC, List.of(), Set.of(), Set.of(GrantType.CLIENT_CREDENTIALS),
                f.clock.instant()),
                        f.clock.instant());
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(clientCredentials(null), ProviderFixture.basic("old-bot", "bot-secret")));
        assertEquals("unauthorized_client", e.error().code());
        assertEquals(Set.of(GrantType.CLIENT_CREDENTIALS), f.storage.clients().find("old-bot",
                f.clock.instant()).orElseThrow().grantTypes(),
                "the stored registration is left as it was");
    }

    @Test
    void authorizeWhenRegisteredClientHasNoScopeBoundThenTheCeilingNotEveryScope() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.registration.scopes", "mcp:read"));
        f.storage.clients().save(new ClientRecord("old-app", "old app", "", ClientAuthMethod.NONE,
                List.of(ProviderFixture.LOOPBACK), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), f.clock.instant()),
                        f.clock.instant());
        Map<String, String> wide = ProviderFixture.authorizeParams("old-app", ProviderFixture.LOOPBACK);
        wide.put("scope", "mcp:write");
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.validate(Parameters.of(wide)));
        assertEquals("invalid_scope", e.error().code());
        ValidatedAuthorization auth = f.validate(
                Parameters.of(ProviderFixture.authorizeParams("old-app", ProviderFixture.LOOPBACK)));
        assertEquals("mcp:read", auth.scope().toString());
    }

    @Test
    void metadataDocumentClientWhenScopeBeyondCeilingOrClientCredentialsThenRefused() {
        String url = server.url("/policy/client.json");
        server.serve("/policy/client.json", 200, "{\"client_id\":\"" + url + "\",\"client_name\":\"Doc\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}", Map.of());
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.cimd.allow-private-addresses", "true",
                "mcp.oauth.registration.scopes", "mcp:read"), server.client());
        Map<String, String> wide = ProviderFixture.authorizeParams(url, "http://127.0.0.1/cb");
        wide.put("scope", "mcp:write");
        assertEquals("invalid_scope", assertThrows(OAuthException.class,
                () -> f.validate(Parameters.of(wide))).error().code());
        Map<String, String> form = clientCredentials(null);
        form.put("client_id", url);
        OAuthException e = assertThrows(OAuthException.class, () -> f.token(form, null));
        assertEquals("unauthorized_client", e.error().code());
    }

    @Test
    void authorizeWhenSelfRegisteredClientRequestMalformedThenErrorPageNotRedirectButConfiguredClientRedirected() {
        ProviderFixture f = new ProviderFixture();
        Map<String, Object> md = new HashMap<>();
        md.put("redirect_uris", List.of("https://attacker.example/landing"));
        md.put("token_endpoint_auth_method", "none");
        String id = (String) f.register(md, null, RequestContext.UNKNOWN).get("client_id");
        for (String[] bad : new String[][] {{"code_challenge_method", "plain"}, {"response_type", "token"},
                {"scope", "admin"}}) {
            Map<String, String> p = ProviderFixture.authorizeParams(id, "https://attacker.example/landing");
            p.put(bad[0], bad[1]);
            OAuthException e = assertThrows(UserFacingException.class,
                    () -> f.validate(Parameters.of(p)), bad[0]);
            assertFalse(e instanceof AuthorizationRedirectException, bad[0] + " must not be redirected");
        }
        Map<String, String> configured = ProviderFixture.authorizeParams("app", ProviderFixture.REDIRECT);
        configured.put("code_challenge_method", "plain");
        AuthorizationRedirectException e = assertThrows(AuthorizationRedirectException.class,
                () -> f.validate(Parameters.of(configured)));
        assertEquals(ProviderFixture.REDIRECT, e.redirectUri());
    }
}

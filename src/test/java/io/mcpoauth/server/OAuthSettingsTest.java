package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.StorageSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.login.LoginMode;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthSettingsTest {

    private static OAuthSettings load(Map<String, String> m) {
        return OAuthSettings.load(ConfigSource.of(m));
    }

    @Test
    void loadWhenEmptyThenSecureDefaults() {
        OAuthSettings s = load(Map.of());
        assertEquals("http://localhost:8080", s.issuer());
        assertEquals(StorageSettings.Backend.MEMORY, StorageSettings.load(ConfigSource.of(Map.of())).backend());
        assertEquals(Duration.ofHours(1), s.accessTtl());
        assertEquals(Duration.ofDays(30), s.refreshTtl());
        assertEquals(Duration.ofDays(90), s.grantMaxLifetime());
        assertEquals(Duration.ofMinutes(10), s.codeTtl());
        assertEquals(LoginMode.FORM, s.login().mode());
        assertTrue(s.login().trustedProxies().isEmpty(), "no proxy is trusted until configured");
        assertTrue(s.clients().isEmpty());
    }

    @Test
    void loadWhenDurationsWrittenInUnitsThenParsed() {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.token.access-ttl", "900");
        m.put("mcp.oauth.token.refresh-ttl", "90d");
        m.put("mcp.oauth.token.code-ttl", "PT2M");
        OAuthSettings s = load(m);
        assertEquals(Duration.ofSeconds(900), s.accessTtl());
        assertEquals(Duration.ofDays(90), s.refreshTtl());
        assertEquals(Duration.ofMinutes(2), s.codeTtl());
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.token.access-ttl", "0")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.token.access-ttl", "soon")));
    }

    @Test
    void loadWhenGrantMaxLifetimeSetThenParsedAndBadValueRefusedNamingTheKey() {
        assertEquals(Duration.ofDays(180), load(Map.of("mcp.oauth.token.grant-max-lifetime", "180d"))
                .grantMaxLifetime());
        for (String bad : new String[] {"0", "forever", "-1d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load(Map.of("mcp.oauth.token.grant-max-lifetime", bad)), bad);
            assertTrue(e.getMessage().startsWith("mcp.oauth.token.grant-max-lifetime"), e.getMessage());
        }
    }

    @Test
    void loadWhenClientsConfiguredThenPublicAndConfidentialRead() {
        String hash = new String(BCrypt.withDefaults().hash(10, "s".toCharArray()), StandardCharsets.UTF_8);
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.clients", "a, b");
        m.put("mcp.oauth.client.a.secret-hash", hash);
        m.put("mcp.oauth.client.a.redirect-uris", "https://a.example/cb, http://127.0.0.1/cb");
        m.put("mcp.oauth.client.a.name", "App A");
        m.put("mcp.oauth.client.b.redirect-uris", "http://127.0.0.1/cb");
        OAuthSettings s = load(m);
        ClientRecord a = s.clients().get("a");
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, a.authMethod());
        assertEquals(2, a.redirectUris().size());
        assertEquals("App A", a.name());
        assertTrue(s.clients().get("b").isPublic());
    }

    @Test
    void loadWhenClientAuthMethodOrGrantTypeUnknownThenRefusedNamingTheKey() {
        String hash = new String(BCrypt.withDefaults().hash(10, "s".toCharArray()), StandardCharsets.UTF_8);
        Map<String, String> method = new HashMap<>(Map.of("mcp.oauth.clients", "a",
                "mcp.oauth.client.a.secret-hash", hash, "mcp.oauth.client.a.auth-method", "client_secret_jwt"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(method));
        assertTrue(e.getMessage().startsWith("mcp.oauth.client.a.auth-method: unknown method"), e.getMessage());
        Map<String, String> grant = new HashMap<>(Map.of("mcp.oauth.clients", "a",
                "mcp.oauth.client.a.secret-hash", hash, "mcp.oauth.client.a.grant-types", "client_credentials,password"));
        e = assertThrows(IllegalArgumentException.class, () -> load(grant));
        assertTrue(e.getMessage().startsWith("mcp.oauth.client.a.grant-types: unknown grant type"), e.getMessage());
        Map<String, String> machine = new HashMap<>(Map.of("mcp.oauth.clients", "a",
                "mcp.oauth.client.a.secret-hash", hash, "mcp.oauth.client.a.auth-method", "client_secret_post",
                "mcp.oauth.client.a.grant-types", "client_credentials"));
        ClientRecord a = load(machine).clients().get("a");
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, a.authMethod());
        assertEquals(java.util.Set.of(GrantType.CLIENT_CREDENTIALS), a.grantTypes());
    }

    @Test
    void loadWhenSecretHashWeakOrNotBcryptThenRefused() {
        String weak = new String(BCrypt.withDefaults().hash(4, "s".toCharArray()), StandardCharsets.UTF_8);
        for (String bad : new String[] {weak, "plaintext-secret", "{sha}abc"}) {
            Map<String, String> m = new HashMap<>();
            m.put("mcp.oauth.clients", "a");
            m.put("mcp.oauth.client.a.secret-hash", bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(m));
            assertTrue(e.getMessage().contains("mcp.oauth.client.a.secret-hash"));
        }
    }

    @Test
    void loadWhenFormLoginWithPublicIssuerThenRefusedUnlessAllowed() {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.issuer", "https://auth.example.com");
        assertThrows(IllegalArgumentException.class, () -> load(m));
        m.put("mcp.oauth.login.form.allow-non-localhost-issuer", "true");
        assertEquals("https://auth.example.com", load(m).issuer());
        m.put("mcp.oauth.login.mode", "header");
        m.remove("mcp.oauth.login.form.allow-non-localhost-issuer");
        assertEquals(LoginMode.HEADER, load(m).login().mode());
    }

    @Test
    void loadWhenIssuerHasQueryOrUnknownModeThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.issuer", "http://localhost:8080/?x=1")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.login.mode", "magic")));
        assertEquals("http://localhost:8080", load(Map.of("mcp.oauth.issuer", "http://localhost:8080/")).issuer());
    }

    @Test
    void loadWhenHttpIssuerOutsideLoopbackThenRefusedNamingTheKey() {
        for (String issuer : List.of("http://auth.example.com", "http://10.0.0.5:8080", "http://localhost.evil.example",
                "http://128.0.0.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load(Map.of("mcp.oauth.issuer", issuer, "mcp.oauth.login.mode", "header")), issuer);
            assertTrue(e.getMessage().startsWith("mcp.oauth.issuer"), e.getMessage());
        }
        for (String issuer : List.of("http://localhost:8080", "http://127.0.0.1:9000", "http://127.1.2.3",
                "http://[::1]:8080", "https://auth.example.com")) {
            assertEquals(issuer, load(Map.of("mcp.oauth.issuer", issuer, "mcp.oauth.login.mode", "header")).issuer());
        }
    }

    @Test
    void loadWhenContainerModeThenDefaultRoleOrTheConfiguredOne() {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.issuer", "https://auth.example.com");
        m.put("mcp.oauth.login.mode", "container");
        OAuthSettings s = load(m);
        assertEquals(LoginMode.CONTAINER, s.login().mode());
        assertEquals("mcp-oauth-user", s.login().containerRole());
        m.put("mcp.oauth.login.container-role", "engineering");
        assertEquals("engineering", load(m).login().containerRole());
        m.put("mcp.oauth.login.container-role", "**");
        assertEquals("**", load(m).login().containerRole());
    }

    @Test
    void loadWhenContainerRoleEmptyOrPaddedThenDefaultOrTrimmed() {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.login.mode", "container");
        m.put("mcp.oauth.login.container-role", " ");
        assertEquals("mcp-oauth-user", load(m).login().containerRole(), "an empty value is no value");
        m.put("mcp.oauth.login.container-role", " staff ");
        assertEquals("staff", load(m).login().containerRole());
    }
}

package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.jose.ClientAssertionSettings;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configured private_key_jwt clients and {@code mcp.oauth.client-assertion.*}: every error names its key. */
class PrivateKeyJwtSettingsTest {

    private static final String JWKS = new JWKSet(TestKeys.ec("cfg").toPublicJWK()).toString();
    private static final String P = "mcp.oauth.client.m.";
    private static final String HASH = new String(BCrypt.withDefaults().hash(10, "s".toCharArray()),
            StandardCharsets.UTF_8);

    private static OAuthSettings load(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.clients", "m");
        m.put(P + "auth-method", "private_key_jwt");
        m.put(P + "grant-types", "client_credentials");
        m.putAll(extra);
        return OAuthSettings.load(ConfigSource.of(m));
    }

    private static String error(Map<String, String> extra) {
        return assertThrows(IllegalArgumentException.class, () -> load(extra)).getMessage();
    }

    @Test
    void loadWhenInlineJwksThenPrivateKeyJwtClientWithDefaultAlgorithms() throws ParseException {
        ClientRecord c = load(Map.of(P + "jwks", JWKS)).clients().get("m");
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, c.authMethod());
        assertEquals("", c.secretHash());
        assertEquals(Set.of("RS256", "ES256"), c.keys().algorithms());
        assertEquals(JWKSet.parse(JWKS).toString(), c.keys().jwks()); // public keys, as given
    }

    @Test
    void loadWhenJwksUriThenKeptForFetchingWithItsAlgorithms() {
        ClientRecord c = load(Map.of(P + "jwks-uri", "https://idp.example.com/jwks", P + "algorithms", "PS256,ES384"))
                .clients().get("m");
        assertEquals(ClientKeys.fetched("https://idp.example.com/jwks", Set.of("PS256", "ES384")), c.keys());
    }

    @Test
    void loadWhenNoKeysOrTwoSourcesThenRefusedNamingTheKeys() {
        assertTrue(error(Map.of()).contains(P + "jwks-uri"), error(Map.of()));
        String two = error(Map.of(P + "jwks", JWKS, P + "jwks-uri", "https://idp.example.com/jwks"));
        assertTrue(two.contains("exactly one of " + P + "jwks"), two);
    }

    @Test
    void loadWhenKeysUnusableThenRefusedNamingTheKey() {
        assertTrue(error(Map.of(P + "jwks", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}")).startsWith(P + "jwks"));
        assertTrue(error(Map.of(P + "jwks", "not json")).startsWith(P + "jwks"));
        assertTrue(error(Map.of(P + "jwks-file", "/no/such/file.jwks")).startsWith(P + "jwks-file"));
        assertTrue(error(Map.of(P + "jwks-uri", "http://idp.example.com/jwks")).startsWith(P + "jwks-uri"));
        for (String alg : new String[] {"HS256", "none"}) {
            String e = error(Map.of(P + "jwks", JWKS, P + "algorithms", alg));
            assertTrue(e.startsWith(P + "algorithms"), e);
        }
    }

    @Test
    void loadWhenSecretOrKeysWithAnotherMethodThenRefused() {
        String withSecret = error(Map.of(P + "jwks", JWKS, P + "secret-hash", HASH));
        assertTrue(withSecret.startsWith(P + "auth-method private_key_jwt does not fit"), withSecret);
        String keysOnSecretClient = error(Map.of(P + "auth-method", "client_secret_basic", P + "secret-hash", HASH,
                P + "jwks", JWKS));
        assertTrue(keysOnSecretClient.startsWith(P + "jwks"), keysOnSecretClient);
    }

    @Test
    void loadWhenClientAssertionSettingsThenDefaultsAndCaps() {
        ClientAssertionSettings d = load(Map.of(P + "jwks", JWKS)).clientAssertions();
        assertEquals(Duration.ofMinutes(5), d.maxLifetime());
        assertEquals(Duration.ofSeconds(60), d.clockSkew());
        assertEquals(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), d.algorithms());
        assertEquals(Duration.ofSeconds(5), d.jwksTimeout());

        String k = "mcp.oauth.client-assertion.";
        assertEquals(Duration.ofHours(1), load(Map.of(P + "jwks", JWKS, k + "max-lifetime", "1h")).clientAssertions()
                .maxLifetime());
        String[][] bad = {{"max-lifetime", "2h"}, {"clock-skew", "10m"}, {"clock-skew", "soon"},
            {"algorithms", "HS256"}, {"algorithms", "none"}, {"jwks-timeout", "5m"}};
        for (String[] b : bad) {
            String e = error(Map.of(P + "jwks", JWKS, k + b[0], b[1]));
            assertTrue(e.startsWith(k + b[0]), e);
        }
    }

    @Test
    void metadataWhenConfiguredClientAllowsMoreAlgorithmsThenListedToo() {
        OAuthSettings s = load(Map.of(P + "jwks", JWKS, P + "algorithms", "PS256"));
        Object listed = new MetadataService(s, java.util.List.of("client_credentials")).metadata()
                .get("token_endpoint_auth_signing_alg_values_supported");
        assertEquals(java.util.List.of("ES256", "PS256", "RS256"), listed);
    }
}

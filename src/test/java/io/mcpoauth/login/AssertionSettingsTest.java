package io.mcpoauth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** mcp.oauth.login.assertion.*: defaults, and a deployment that fails with a clear message when unsafe. */
class AssertionSettingsTest {

    private static final String JWKS = new JWKSet(Tokens.ec("ec-1")).toPublicJWKSet().toString();

    private static String failure(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("mcp.oauth.login.assertion.jwks", JWKS));
        m.putAll(extra);
        return assertThrows(IllegalArgumentException.class, () -> Tokens.settings(m)).getMessage();
    }

    @Test
    void loadWhenOnlyKeysIssuerAndAudienceGivenThenDefaults() {
        AssertionSettings s = Tokens.settings(Map.of("mcp.oauth.login.assertion.jwks", JWKS));
        assertEquals("X-Pomerium-Jwt-Assertion", s.header());
        assertEquals("sub", s.subjectClaim());
        assertEquals(Duration.ofSeconds(60), s.clockSkew());
        assertEquals(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), s.algorithms());
        assertEquals(Duration.ofSeconds(5), s.jwksTimeout());
        assertNull(s.jwksUrl());
        assertNull(s.keyUrl());
    }

    @Test
    void loadWhenAnotherModeThenNoAssertionSettings() {
        assertNull(OAuthSettings.load(ConfigSource.of(Map.of())).login().assertion());
        assertNull(OAuthSettings.load(ConfigSource.of(Map.of("mcp.oauth.login.mode", "header"))).login().assertion());
    }

    @Test
    void loadWhenNoKeysOrSeveralKeySourcesThenDeploymentFails() {
        String none = failure(Map.of("mcp.oauth.login.assertion.jwks", ""));
        assertTrue(none.contains("mcp.oauth.login.assertion.jwks-url"), none);
        failure(Map.of("mcp.oauth.login.assertion.jwks-url", "https://gw.example.com/jwks.json"));
        failure(Map.of("mcp.oauth.login.assertion.jwks-file", "/nonexistent/jwks.json"));
    }

    @Test
    void loadWhenIssuerOrAudienceMissingThenDeploymentFails() {
        assertTrue(failure(Map.of("mcp.oauth.login.assertion.issuer", "")).contains("assertion.issuer"));
        assertTrue(failure(Map.of("mcp.oauth.login.assertion.audience", " ")).contains("assertion.audience"));
    }

    @Test
    void loadWhenSymmetricOrNoneAlgorithmThenDeploymentFails() {
        for (String alg : new String[] {"HS256", "RS256,HS512", "none", "EdDSA", "XX1", ","}) {
            String message = failure(Map.of("mcp.oauth.login.assertion.algorithms", alg));
            assertTrue(message.contains("algorithms"), message);
        }
        assertEquals(Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES384), Tokens.settings(Map.of(
                "mcp.oauth.login.assertion.jwks", JWKS,
                "mcp.oauth.login.assertion.algorithms", "PS256, ES384")).algorithms());
    }

    @Test
    void loadWhenKeysAreSymmetricOrUnreadableThenDeploymentFails() {
        String oct = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}";
        assertTrue(failure(Map.of("mcp.oauth.login.assertion.jwks", oct)).contains("RSA and EC"));
        failure(Map.of("mcp.oauth.login.assertion.jwks", "{not json"));
        failure(Map.of("mcp.oauth.login.assertion.jwks", "{\"keys\":[]}"));
    }

    @Test
    void loadWhenPrivateKeyGivenByMistakeThenOnlyThePublicPartKept() {
        String withPrivate = new JWKSet(Tokens.rsa("r")).toString(false);
        AssertionSettings s = Tokens.settings(Map.of("mcp.oauth.login.assertion.jwks", withPrivate));
        assertTrue(s.jwks().getKeys().stream().noneMatch(k -> k.isPrivate()));
    }

    @Test
    void loadWhenKeyUrlPlainHttpOffLoopbackOrWithoutKidThenDeploymentFails() {
        Map<String, String> base = Map.of("mcp.oauth.login.assertion.jwks", "");
        failure(with(base, "mcp.oauth.login.assertion.jwks-url", "http://gw.example.com/jwks.json"));
        failure(with(base, "mcp.oauth.login.assertion.jwks-url", "ftp://gw.example.com/jwks.json"));
        failure(with(base, "mcp.oauth.login.assertion.key-url", "https://public-keys.example.com/"));
        failure(with(base, "mcp.oauth.login.assertion.key-url", "https://{kid}.example.com/key"));
        failure(with(base, "mcp.oauth.login.assertion.key-url", "https://keys.example.com/KID/%7Bkid%7D"));
        AssertionSettings alb = Tokens.settings(with(base, "mcp.oauth.login.assertion.key-url",
                "https://public-keys.auth.elb.eu-west-1.amazonaws.com/{kid}"));
        assertEquals("https://public-keys.auth.elb.eu-west-1.amazonaws.com/{kid}", alb.keyUrl());
    }

    @Test
    void loadWhenClockSkewTooLargeThenDeploymentFails() {
        failure(Map.of("mcp.oauth.login.assertion.clock-skew", "1h"));
        assertEquals(Duration.ofMinutes(2), Tokens.settings(Map.of("mcp.oauth.login.assertion.jwks", JWKS,
                "mcp.oauth.login.assertion.clock-skew", "2m")).clockSkew());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }
}

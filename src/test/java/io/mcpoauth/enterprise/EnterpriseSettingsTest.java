package io.mcpoauth.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.SubjectAttributes;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading the trusted identity providers: every mistake fails the deployment naming its key. */
class EnterpriseSettingsTest {

    private static final String KEYS = new JWKSet(IdJags.EC.toPublicJWK()).toString();

    private static Map<String, String> acme() {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.enterprise.idps", "acme");
        c.put("mcp.oauth.enterprise.idp.acme.issuer", IdJags.IDP);
        c.put("mcp.oauth.enterprise.idp.acme.jwks-uri", "https://idp.example.com/keys");
        return c;
    }

    private static String refused(Map<String, String> c) {
        return assertThrows(IllegalArgumentException.class, () -> EnterpriseSettings.load(ConfigSource.of(c)))
                .getMessage();
    }

    @Test
    void loadWhenNoProvidersThenOff() {
        EnterpriseSettings s = EnterpriseSettings.load(ConfigSource.of(Map.of()));
        assertFalse(s.enabled());
        assertEquals(Duration.ofSeconds(60), s.clockSkew());
        assertEquals(Duration.ofMinutes(10), s.maxAge());
    }

    @Test
    void loadWhenProviderConfiguredThenItsDefaults() {
        EnterpriseSettings s = EnterpriseSettings.load(ConfigSource.of(acme()));
        IdentityProvider idp = s.byIssuer(IdJags.IDP).orElseThrow();
        assertTrue(s.enabled());
        assertEquals("acme", idp.id());
        assertEquals(URI.create("https://idp.example.com/keys"), idp.jwksUri());
        assertNull(idp.jwks());
        assertEquals(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), idp.algorithms());
        assertTrue(idp.admits("anyone"), "no client list admits every client");
        assertEquals("email", idp.emailClaim());
        assertEquals("groups", idp.groupsClaim());
    }

    @Test
    void loadWhenIssuerMissingThenFailsNamingTheKey() {
        Map<String, String> c = acme();
        c.remove("mcp.oauth.enterprise.idp.acme.issuer");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.issuer is required"));
    }

    /** The issuer is kept with every token of the provider's grants (SubjectAttributes.idp): refused at load. */
    @Test
    void loadWhenIssuerTooLongOrNotOneLineThenFailsNamingTheKey() {
        for (String bad : new String[] {"https://idp.example.com/" + "a".repeat(SubjectAttributes.MAX_LENGTH),
                "https://idp.example.com/\nx"}) {
            Map<String, String> c = acme();
            c.put("mcp.oauth.enterprise.idp.acme.issuer", bad);
            assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.issuer must be one line"), bad);
        }
        Map<String, String> longest = acme();
        String issuer = "https://idp.example.com/" + "a".repeat(SubjectAttributes.MAX_LENGTH - 24);
        longest.put("mcp.oauth.enterprise.idp.acme.issuer", issuer);
        assertEquals("acme", EnterpriseSettings.load(ConfigSource.of(longest)).byIssuer(issuer).orElseThrow().id());
    }

    @Test
    void loadWhenNotExactlyOneKeySourceThenRefused() {
        Map<String, String> c = acme();
        c.put("mcp.oauth.enterprise.idp.acme.jwks", KEYS);
        assertTrue(refused(c).contains("needs exactly one of mcp.oauth.enterprise.idp.acme.jwks-uri"));
        c.remove("mcp.oauth.enterprise.idp.acme.jwks");
        c.remove("mcp.oauth.enterprise.idp.acme.jwks-uri");
        assertTrue(refused(c).contains("needs exactly one of"));
    }

    @Test
    void loadWhenKeysOrAlgorithmsUnsafeThenRefused() {
        Map<String, String> c = acme();
        c.put("mcp.oauth.enterprise.idp.acme.jwks-uri", "http://idp.example.com/keys");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.jwks-uri must be an https URL"));
        c = acme();
        c.put("mcp.oauth.enterprise.idp.acme.algorithms", "ES256,HS256");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.algorithms: HS256 is not allowed"));
        c.put("mcp.oauth.enterprise.idp.acme.algorithms", "none");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.algorithms: none is not allowed"));
        c = acme();
        c.remove("mcp.oauth.enterprise.idp.acme.jwks-uri");
        c.put("mcp.oauth.enterprise.idp.acme.jwks", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idp.acme.jwks: only RSA and EC public keys"));
    }

    @Test
    void loadWhenTwoProvidersShareAnIssuerThenRefused() {
        Map<String, String> c = acme();
        c.put("mcp.oauth.enterprise.idps", "acme,acme-2");
        c.put("mcp.oauth.enterprise.idp.acme-2.issuer", IdJags.IDP);
        c.put("mcp.oauth.enterprise.idp.acme-2.jwks", KEYS);
        assertTrue(refused(c).contains("acme and acme-2 have the same issuer"));
    }

    @Test
    void loadWhenIdIsNotPlainThenRefused() {
        Map<String, String> c = acme();
        c.put("mcp.oauth.enterprise.idps", "Acme|Corp");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.idps: Acme|Corp is not an identity provider id"));
    }

    @Test
    void loadWhenTimesOutOfBoundsThenRefused() {
        Map<String, String> c = acme();
        c.put("mcp.oauth.enterprise.clock-skew", "6m");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.clock-skew must be at most 5m"));
        c = acme();
        c.put("mcp.oauth.enterprise.max-grant-age", "2h");
        assertTrue(refused(c).startsWith("mcp.oauth.enterprise.max-grant-age must be at most 60m"));
    }
}

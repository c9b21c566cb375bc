package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.mcpoauth.jose.TestKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FixedSigningKeysTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    /** Every private member of an RSA or EC JWK (RFC 7518 6.2.2, 6.3.2). */
    private static final Set<String> PRIVATE = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    @Test
    void publishedWhenTwoKeysThenBothPublicWithKidAndCurrentSigns() throws Exception {
        SigningKey ec = SigningKey.of("ec-1", JWSAlgorithm.ES256, TestKeys.ec("x"));
        SigningKey rsa = SigningKey.of("rsa-1", JWSAlgorithm.RS256, TestKeys.rsa("y"));
        FixedSigningKeys keys = new FixedSigningKeys(rsa, List.of(ec, rsa));
        assertSame(rsa, keys.current(NOW));
        List<Object> published = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(keys.jwksJson(NOW)), "keys");
        assertEquals(2, published.size());
        for (Object o : published) {
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) o;
            assertTrue(jwk.containsKey("kid"), jwk.toString());
            assertEquals("sig", jwk.get("use"));
            for (String member : PRIVATE) {
                assertFalse(jwk.containsKey(member), member + " published: " + jwk);
            }
        }
        assertEquals(List.of("ec-1", "rsa-1"), keys.published(NOW).getKeys().stream().map(k -> k.getKeyID()).toList());
        assertFalse(keys.published(NOW).getKeys().stream().anyMatch(k -> k.isPrivate()));
        assertEquals(keys.published(NOW).toString(true), JWKSet.parse(keys.jwksJson(NOW)).toString());
    }

    @Test
    void constructorWhenCurrentMissingOrKidTwiceThenRefused() {
        SigningKey a = SigningKey.of("a", JWSAlgorithm.ES256, TestKeys.ec("a"));
        SigningKey a2 = SigningKey.of("a", JWSAlgorithm.ES256, TestKeys.ec("a"));
        SigningKey b = SigningKey.of("b", JWSAlgorithm.ES256, TestKeys.ec("b"));
        assertThrows(IllegalArgumentException.class, () -> new FixedSigningKeys(b, List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> new FixedSigningKeys(a, List.of(a, a2)));
    }

    @Test
    void noneWhenAskedThenNothingPublishedAndNothingSigns() {
        assertTrue(SigningKeys.none().published(NOW).getKeys().isEmpty());
        assertEquals("{\"keys\":[]}", SigningKeys.none().jwksJson(NOW));
        assertThrows(IllegalStateException.class, () -> SigningKeys.none().current(NOW));
    }
}

package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokenFormatsTest {

    private static final String A = "https://a.example.com/mcp";
    private static final String B = "https://b.example.com/mcp";

    private static AccessTokenFormats load(String... pairs) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.resources", A + " " + B);
        for (int i = 0; i < pairs.length; i += 2) {
            c.put(pairs[i], pairs[i + 1]);
        }
        return OAuthSettings.load(ConfigSource.of(c)).tokenFormats();
    }

    private static String refusal(String... pairs) {
        return assertThrows(IllegalArgumentException.class, () -> load(pairs)).getMessage();
    }

    @Test
    void loadWhenNothingSetThenOpaqueWithFiveMinuteJwtsCarryingUpn() {
        AccessTokenFormats f = load();
        assertEquals(TokenFormat.OPAQUE, f.format());
        assertFalse(f.anyJwt());
        assertEquals(TokenFormat.OPAQUE, f.formatOf(List.of(A, B)));
        assertEquals(Duration.ofMinutes(5), f.jwtLifetime());
        assertEquals(Optional.of("upn"), f.principalClaimName());
        assertEquals("at+jwt", f.type());
        assertEquals(f, OAuthSettings.load(ConfigSource.of(Map.of())).tokenFormats(), "no resources needed");
    }

    @Test
    void formatOfWhenOverridesListedThenEachResourceItsOwn() {
        AccessTokenFormats jwtForA = load("mcp.oauth.token.jwt-resources", A);
        assertTrue(jwtForA.anyJwt());
        assertEquals(TokenFormat.JWT, jwtForA.formatOf(List.of(A)));
        assertEquals(TokenFormat.OPAQUE, jwtForA.formatOf(List.of(B)));
        assertEquals(TokenFormat.JWT, jwtForA.formatOf(List.of(B, A)), "any JWT audience makes a JWT");
        assertEquals(TokenFormat.OPAQUE, jwtForA.formatOf(List.of()), "no audience, no JWT (RFC 9068 2.2)");

        AccessTokenFormats opaqueForB = load("mcp.oauth.token.format", "jwt", "mcp.oauth.token.opaque-resources", B);
        assertEquals(TokenFormat.JWT, opaqueForB.formatOf(List.of(A)));
        assertEquals(TokenFormat.OPAQUE, opaqueForB.formatOf(List.of(B)));
        assertEquals(Set.of("https://a.example.com/"), load("mcp.oauth.resources", "https://A.example.com",
                "mcp.oauth.token.jwt-resources", "https://a.example.com/").jwtResources(), "normalised as indicators");
    }

    @Test
    void loadWhenValuesSetThenRead() {
        AccessTokenFormats f = load("mcp.oauth.token.format", "jwt", "mcp.oauth.token.jwt-lifetime", "90s",
                "mcp.oauth.token.jwt-principal-claim", "preferred_username", "mcp.oauth.token.jwt-typ", "JWT");
        assertEquals(TokenFormat.JWT, f.format());
        assertEquals(Duration.ofSeconds(90), f.jwtLifetime());
        assertEquals(Optional.of("preferred_username"), f.principalClaimName());
        assertEquals("JWT", f.type());
        assertEquals(Optional.empty(), load("mcp.oauth.token.jwt-principal-claim", "none").principalClaimName());
    }

    @Test
    void loadWhenBadValueThenRefusedNamingTheKey() {
        assertTrue(refusal("mcp.oauth.token.format", "JWT").startsWith("mcp.oauth.token.format:"));
        assertTrue(refusal("mcp.oauth.token.format", "signed").contains("opaque, jwt"));
        assertTrue(refusal("mcp.oauth.token.jwt-lifetime", "0").startsWith("mcp.oauth.token.jwt-lifetime"));
        assertTrue(refusal("mcp.oauth.token.jwt-lifetime", "soon").startsWith("mcp.oauth.token.jwt-lifetime"));
        assertTrue(refusal("mcp.oauth.token.jwt-principal-claim", "email")
                .startsWith("mcp.oauth.token.jwt-principal-claim"));
        assertTrue(refusal("mcp.oauth.token.jwt-typ", "at+JWT").startsWith("mcp.oauth.token.jwt-typ"));
        assertTrue(refusal("mcp.oauth.token.jwt-resources", "not a uri")
                .startsWith("mcp.oauth.token.jwt-resources"));
    }

    @Test
    void loadWhenListedResourceNotServedThenRefusedNamingKeyAndResource() {
        String m = refusal("mcp.oauth.token.jwt-resources", "https://c.example.com/mcp");
        assertTrue(m.startsWith("mcp.oauth.token.jwt-resources") && m.contains("c.example.com"), m);
        m = refusal("mcp.oauth.token.opaque-resources", "https://c.example.com/mcp");
        assertTrue(m.startsWith("mcp.oauth.token.opaque-resources"), m);
    }

    @Test
    void loadWhenResourceListedAsBothFormatsThenRefused() {
        String m = refusal("mcp.oauth.token.jwt-resources", A, "mcp.oauth.token.opaque-resources", A + "," + B);
        assertTrue(m.contains("mcp.oauth.token.jwt-resources") && m.contains("mcp.oauth.token.opaque-resources"), m);
    }

    @Test
    void loadWhenJwtWithoutResourcesThenRefused() {
        String m = assertThrows(IllegalArgumentException.class, () -> OAuthSettings.load(ConfigSource.of(
                Map.of("mcp.oauth.token.format", "jwt")))).getMessage();
        assertTrue(m.startsWith("mcp.oauth.token.format") && m.contains("mcp.oauth.resources"), m);
    }

    @Test
    void longestAccessTtlWhenJwtsLiveLongerThenTheirs() {
        Map<String, String> c = new HashMap<>(Map.of("mcp.oauth.resources", A, "mcp.oauth.token.access-ttl", "10m",
                "mcp.oauth.token.jwt-lifetime", "20m"));
        assertEquals(Duration.ofMinutes(10), OAuthSettings.load(ConfigSource.of(c)).longestAccessTtl(), "no JWTs");
        c.put("mcp.oauth.token.format", "jwt");
        assertEquals(Duration.ofMinutes(20), OAuthSettings.load(ConfigSource.of(c)).longestAccessTtl());
    }
}

package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolValuesTest {

    @Test
    void s256WhenRfc7636AppendixBVectorThenMatches() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        assertTrue(Pkce.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    @Test
    void verifyWhenVerifierTooShortTooLongOrBadCharactersThenFalse() {
        for (String v : List.of("a".repeat(42), "a".repeat(129), "a".repeat(42) + "+", "a".repeat(42) + " ")) {
            assertFalse(Pkce.verify(v, Pkce.s256(v)), v);
        }
        assertTrue(Pkce.verify("a".repeat(128), Pkce.s256("a".repeat(128))));
    }

    @Test
    void scopeWhenParsedThenSpaceDelimitedAndMalformedRefused() {
        assertEquals(Scope.of("a", "b"), Scope.parse(" a  b "));
        assertEquals(Scope.of("mcp:read", "b", "mcp:write"), Scope.parse("mcp:read   b mcp:write b\t"));
        assertEquals("x y", Scope.parse("x y x").toString());
        assertTrue(Scope.parse(null).isEmpty());
        assertThrows(OAuthException.class, () -> Scope.parse("a \"b\""));
    }

    @Test
    void resourceWhenHostOnlyThenSameAsWithSlash() {
        assertEquals(ResourceIndicators.normalise("https://mcp.example.com/"),
                ResourceIndicators.normalise("https://MCP.example.com"));
        assertEquals("https://mcp.example.com/mcp", ResourceIndicators.normalise("https://mcp.example.com/mcp"));
    }

    @Test
    void resourceWhenRelativeOrFragmentThenInvalidTarget() {
        for (String bad : List.of("/mcp", "mcp.example.com", "https://mcp.example.com/#x", "urn:x:y", "http://")) {
            OAuthException e = assertThrows(OAuthException.class, () -> ResourceIndicators.normalise(bad), bad);
            assertEquals("invalid_target", e.error().code());
        }
    }

    @Test
    void parametersWhenRepeatedThenInvalidRequestAndEmptyMeansAbsent() {
        Parameters p = new Parameters(Map.of("a", List.of("1", "2"), "b", List.of(""), "c", List.of("x")));
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> p.single("a")).error().code());
        assertNull(p.single("b"));
        assertNull(p.single("missing"));
        assertEquals("x", p.single("c"));
    }
}

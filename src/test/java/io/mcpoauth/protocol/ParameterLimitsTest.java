package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterLimitsTest {

    private static Parameters params(String name, String value) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("response_type", List.of("code"));
        m.put(name, List.of(value));
        return new Parameters(m);
    }

    private static OAuthException refused(Map<String, List<String>> values) {
        return assertThrows(OAuthException.class, () -> new Parameters(values));
    }

    @Test
    void parametersWhenEachAtItsCapThenAccepted() {
        for (String name : List.of("state", "client_id", "redirect_uri", "scope", "resource", "code_challenge",
                "code", "token", "refresh_token", "nonce", "anything_else")) {
            String value = "a".repeat(ParameterLimits.maxLength(name));
            assertEquals(value, params(name, value).single(name), name);
        }
    }

    /** Regression: a 10 to 60 MB state was held whole in the pending request. */
    @Test
    void parametersWhenStateLongerThanCapThenInvalidRequestWithoutEchoingIt() {
        String state = "s".repeat(1025);
        OAuthException e = assertThrows(OAuthException.class, () -> params("state", state));
        assertEquals("invalid_request", e.error().code());
        assertEquals(400, e.error().httpStatus());
        assertTrue(e.description().contains("state") && e.description().contains("1024"), e.description());
        assertFalse(e.description().contains("sss"), e.description());
    }

    @Test
    void parametersWhenValueBeyondItsCapThenInvalidRequest() {
        Map<String, Integer> caps = Map.of("client_id", 2048, "redirect_uri", 2048, "scope", 1024,
                "resource", 2048, "code_challenge", 128, "code", 2048, "token", 4096, "refresh_token", 2048,
                "nonce", 512, "unknown_parameter", ParameterLimits.DEFAULT_MAX);
        caps.forEach((name, cap) -> assertEquals("invalid_request",
                assertThrows(OAuthException.class, () -> params(name, "x".repeat(cap + 1))).error().code(), name));
    }

    @Test
    void parametersWhenTooManyResourcesOrParametersOrLongNameThenInvalidRequest() {
        List<String> resources = new ArrayList<>();
        for (int i = 0; i <= ParameterLimits.MAX_RESOURCES; i++) {
            resources.add("https://mcp" + i + ".example.com");
        }
        assertTrue(refused(Map.of("resource", resources)).description().contains("resource"));
        assertEquals(ParameterLimits.MAX_RESOURCES,
                new Parameters(Map.of("resource", resources.subList(0, ParameterLimits.MAX_RESOURCES)))
                        .all("resource").size());

        Map<String, List<String>> many = new LinkedHashMap<>();
        for (int i = 0; i <= ParameterLimits.MAX_PARAMETERS; i++) {
            many.put("p" + i, List.of("v"));
        }
        assertTrue(refused(many).description().contains("too many parameters"));
        Map<String, List<String>> repeated = Map.of("scope", java.util.Collections.nCopies(51, "a"));
        assertEquals("invalid_request", refused(repeated).error().code());

        String longName = "n".repeat(ParameterLimits.MAX_NAME + 1);
        OAuthException e = refused(Map.of(longName, List.of("v")));
        assertFalse(e.description().contains(longName), e.description());
    }

    @Test
    void checkWhenSingleFormFieldTooLongThenInvalidRequestAndNullPasses() {
        ParameterLimits.check("username", null);
        ParameterLimits.check("username", "u".repeat(256));
        assertThrows(OAuthException.class, () -> ParameterLimits.check("username", "u".repeat(257)));
        assertThrows(OAuthException.class, () -> ParameterLimits.check("csrf", "c".repeat(257)));
    }
}

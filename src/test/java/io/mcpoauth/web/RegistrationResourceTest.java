package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationResourceTest {

    /** Regression: 5,000 nested arrays at /register answered 500 with a StackOverflowError. */
    @Test
    void parseWhenDeeplyNestedThenInvalidClientMetadataNotStackOverflow() {
        for (String body : new String[] {"[".repeat(5000), "{\"a\":[" + "[".repeat(5000) + "]}"}) {
            OAuthException e = assertThrows(OAuthException.class, () -> RegistrationResource.parse(body));
            assertEquals("invalid_client_metadata", e.error().code());
        }
    }

    @Test
    void parseWhenObjectThenMetadataAndOtherwiseRefused() {
        assertEquals(Map.of("client_name", "App"), RegistrationResource.parse("{\"client_name\":\"App\"}"));
        assertEquals("invalid_client_metadata",
                assertThrows(OAuthException.class, () -> RegistrationResource.parse("[1]")).error().code());
        assertEquals("invalid_client_metadata",
                assertThrows(OAuthException.class, () -> RegistrationResource.parse(" ")).error().code());
    }
}

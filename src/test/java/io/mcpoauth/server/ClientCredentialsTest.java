package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromWhenBasicIdLongerThanFormCapThenInvalidRequest() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> ClientCredentials.from(basic("a".repeat(2049), "s"), Parameters.of(Map.of())));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void fromWhenBasicSecretLongerThanFormCapThenInvalidRequest() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> ClientCredentials.from(basic("app", "s".repeat(1025)), Parameters.of(Map.of())));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void fromWhenBasicWithinCapsThenRead() {
        ClientCredentials c = ClientCredentials.from(basic("a".repeat(2048), "s".repeat(1024)), Parameters.of(Map.of()));
        assertEquals(2048, c.clientId().length());
        assertEquals("client_secret_basic", c.method().value());
    }
}

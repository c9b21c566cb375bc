package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Regression: a 400 MB registration body was read whole before the initial access token was looked at. */
class RegistrationReadOrderTest {

    @Test
    void registerWhenInitialAccessTokenMissingOrWrongThenBodyNeverRead() {
        ProviderFixture guarded = new ProviderFixture(Map.of("mcp.oauth.registration.initial-access-token", "let-me-in"));
        AtomicInteger reads = new AtomicInteger();
        Map<String, Object> md = Map.of("redirect_uris", List.of("https://a.example/cb"),
                "token_endpoint_auth_method", "none");
        for (String bearer : new String[] {null, "let-me-out"}) {
            OAuthException e = assertThrows(OAuthException.class, () -> guarded.registration().register(bearer,
                    RequestContext.UNKNOWN, () -> {
                        reads.incrementAndGet();
                        return md;
                    }));
            assertEquals("invalid_token", e.error().code());
        }
        assertEquals(0, reads.get());
        assertNotNull(guarded.registration().register("let-me-in", RequestContext.UNKNOWN, () -> {
            reads.incrementAndGet();
            return md;
        }).get("client_id"));
        assertEquals(1, reads.get());
    }
}

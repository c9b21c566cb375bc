package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimitedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static ProviderFixture limited(String key, String value) {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.rate-limit." + key, value);
        return new ProviderFixture(m);
    }

    private static Map<String, String> clientCredentialsForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return form;
    }

    @Test
    void authenticationWhenTooManyFailuresThenSecretsNotVerifiedBeforeRefusedUntilWindowEnds() {
        ProviderFixture f = limited("auth-failures-per-client", "3");
        for (int i = 0; i < 3; i++) {
            assertEquals("invalid_client", assertThrows(OAuthException.class,
                    () -> f.token(clientCredentialsForm(), ProviderFixture.basic("svc", "guess"))).error().code());
        }
        assertThrows(RateLimitedException.class,
                () -> f.token(clientCredentialsForm(), ProviderFixture.basic("svc", "guess")), "guesses stop");
        // From the guesser's own address, a secret this server never verified is not checked either.
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> f.token(clientCredentialsForm(), ProviderFixture.basic("svc", ProviderFixture.SECRET)));
        assertEquals(429, e.error().httpStatus());
        assertTrue(e.retryAfterSeconds() > 0 && e.retryAfterSeconds() <= 60);
        f.clock.advance(Duration.ofSeconds(61));
        assertTrue(f.token(clientCredentialsForm(), ProviderFixture.basic("svc", ProviderFixture.SECRET))
                .accessToken() != null);
    }

    @Test
    void tokenWhenMoreRequestsThanPerClientLimitThenRateLimited() {
        ProviderFixture f = limited("per-client", "5");
        for (int i = 0; i < 5; i++) {
            f.token(clientCredentialsForm(), ProviderFixture.basic("svc", ProviderFixture.SECRET));
        }
        assertThrows(RateLimitedException.class,
                () -> f.token(clientCredentialsForm(), ProviderFixture.basic("svc", ProviderFixture.SECRET)));
        // Another client is not affected by svc's limit.
        assertTrue(f.token(clientCredentialsForm(), ProviderFixture.basic("rs", ProviderFixture.SECRET))
                .accessToken() != null);
    }

    @Test
    void registerWhenMoreThanPerAddressLimitThenRateLimited() {
        ProviderFixture f = limited("registrations-per-address", "2");
        Map<String, Object> md = Map.of("redirect_uris", List.of("https://a.example/cb"),
                "token_endpoint_auth_method", "none");
        RequestContext from = new RequestContext("203.0.113.9");
        f.register(md, null, from);
        f.register(md, null, from);
        assertThrows(RateLimitedException.class, () -> f.register(md, null, from));
        assertTrue(f.register(md, null, new RequestContext("203.0.113.10")).containsKey("client_id"));
    }

    @Test
    void limitsWhenDisabledThenNeverApplied() {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.rate-limit.enabled", "false");
        m.put("mcp.oauth.rate-limit.per-client", "1");
        ProviderFixture f = new ProviderFixture(m);
        for (int i = 0; i < 5; i++) {
            f.token(clientCredentialsForm(), ProviderFixture.basic("svc", ProviderFixture.SECRET));
        }
    }
}

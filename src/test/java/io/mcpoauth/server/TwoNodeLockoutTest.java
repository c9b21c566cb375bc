package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.ratelimit.RateLimiter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two server instances share their counters (as on Redis) but each remembers only the secrets it verified: a
 * client under attack from everywhere keeps working on the node that never saw it, from the address it has
 * authenticated from.
 */
class TwoNodeLockoutTest {

    private static final RequestContext RESOURCE_SERVER = new RequestContext("192.0.2.10");

    private static TokenService node(ProviderFixture f, RateLimiter shared) {
        return f.node(shared).tokens();
    }

    private static String clientCredentials(TokenService node, String clientId, String secret, RequestContext from) {
        return node.token(ProviderFixture.form(Map.of("grant_type", "client_credentials")),
                ProviderFixture.basic(clientId, secret), from).accessToken();
    }

    @Test
    void tokenWhenClientUnderAttackEverywhereThenAnotherNodeChecksItFromTheAddressItAuthenticatedFrom() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.auth-failures-per-client-total", "5"));
        RateLimiter shared = new MemoryRateLimiter();
        TokenService first = node(f, shared);
        TokenService second = node(f, shared);
        assertNotNull(clientCredentials(first, "rs", ProviderFixture.SECRET, RESOURCE_SERVER));
        for (int i = 0; i < 5; i++) {
            RequestContext attacker = new RequestContext("198.51.100." + i);
            assertThrows(OAuthException.class, () -> clientCredentials(first, "rs", "guess", attacker));
        }
        assertNotNull(clientCredentials(second, "rs", ProviderFixture.SECRET, RESOURCE_SERVER),
                "the second node never verified the secret, but the client authenticated from this address");
        RequestContext elsewhere = new RequestContext("203.0.113.5");
        assertThrows(RateLimitedException.class, () -> clientCredentials(second, "rs", "guess", elsewhere),
                "from an address the client has not authenticated from, guesses are not checked");
    }

    @Test
    void tokenWhenGuessesComeFromTheClientsOwnAddressThenItsAddressLockStillHolds() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.auth-failures-per-client-total", "5"));
        RateLimiter shared = new MemoryRateLimiter();
        TokenService first = node(f, shared);
        assertNotNull(clientCredentials(first, "rs", ProviderFixture.SECRET, RESOURCE_SERVER));
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertThrows(OAuthException.class, () -> clientCredentials(first, "rs", "guess-" + n, RESOURCE_SERVER));
        }
        assertThrows(RateLimitedException.class, () -> clientCredentials(first, "rs", "guess-x", RESOURCE_SERVER),
                "having authenticated from an address does not lift that address's own lockout");
        assertNotNull(clientCredentials(first, "rs", ProviderFixture.SECRET, RESOURCE_SERVER));
    }
}

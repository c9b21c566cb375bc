package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.RateLimitedException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-address throttles of the browser and admin endpoints (issue 13, items 1 and 7). */
class ThrottleTest {

    private static final String ADMIN_TOKEN = "admin-token-long-enough-to-be-a-secret";
    private static final RequestContext GUESSER = new RequestContext("198.51.100.66");
    private static final RequestContext OPERATOR = new RequestContext("192.0.2.10");

    @Test
    void adminWhenTenWrongTokensFromAnAddressThenThatAddressRefusedEvenWithTheRightOne() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN_TOKEN));
        for (int i = 0; i < 10; i++) {
            int n = i;
            OAuthException e = assertThrows(OAuthException.class,
                    () -> f.admin().revokeConsent("guess-" + n, "alice", "app", GUESSER));
            assertEquals(401, e.error().httpStatus());
        }
        RateLimitedException locked = assertThrows(RateLimitedException.class,
                () -> f.admin().revokeConsent(ADMIN_TOKEN, "alice", "app", GUESSER));
        assertTrue(locked.retryAfterSeconds() > 0 && locked.retryAfterSeconds() <= 60);
        assertThrows(RateLimitedException.class, () -> f.admin().exportStorage(ADMIN_TOKEN, GUESSER));
        f.admin().revokeConsent(ADMIN_TOKEN, "alice", "app", OPERATOR);
        f.clock.advance(Duration.ofSeconds(61));
        f.admin().revokeConsent(ADMIN_TOKEN, "alice", "app", GUESSER);
    }

    @Test
    void adminWhenRightTokenManyTimesThenNeverThrottled() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN_TOKEN));
        for (int i = 0; i < 50; i++) {
            f.admin().revokeConsent(ADMIN_TOKEN, "alice", "app", OPERATOR);
        }
    }

    @Test
    void authorizeWhenOverThePerAddressLimitThenRefusedWithRetryAfterAndOtherAddressesServed() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.authorize-per-address", "3"));
        Parameters params = Parameters.of(ProviderFixture.authorizeParams("app", ProviderFixture.REDIRECT));
        for (int i = 0; i < 3; i++) {
            f.authorization().validateAuthorization(params, GUESSER);
        }
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> f.authorization().validateAuthorization(params, GUESSER));
        assertEquals(429, e.error().httpStatus());
        assertEquals(60, e.retryAfterSeconds());
        f.authorization().validateAuthorization(params, OPERATOR);
    }

    @Test
    void authorizeWhenDefaultsThenThreeHundredAMinutePerAddress() {
        ProviderFixture f = new ProviderFixture();
        Parameters params = Parameters.of(ProviderFixture.authorizeParams("app", ProviderFixture.REDIRECT));
        for (int i = 0; i < 300; i++) {
            f.authorization().validateAuthorization(params, GUESSER);
        }
        assertThrows(RateLimitedException.class, () -> f.authorization().validateAuthorization(params, GUESSER));
    }

    @Test
    void formLoginWhenOverThePerAddressLimitThenRefused() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.form-logins-per-address", "2"));
        f.authorization().formLoginAttempt(GUESSER);
        f.authorization().formLoginAttempt(GUESSER);
        assertThrows(RateLimitedException.class, () -> f.authorization().formLoginAttempt(GUESSER));
        f.authorization().formLoginAttempt(OPERATOR);
    }
}

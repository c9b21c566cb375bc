package io.mcpoauth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits by name: which counter each spends, what refuses, and what only locks fresh secret checks. */
class RateLimitsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MemoryRateLimiter limiter = new MemoryRateLimiter();

    private RateLimits limits(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put("mcp.oauth.rate-limit." + keyValues[i], keyValues[i + 1]);
        }
        return new RateLimits(limiter, OAuthSettings.load(ConfigSource.of(m)).rateLimits());
    }

    /** Client rs failed to authenticate five times, each from another address: locked out everywhere. */
    private RateLimits lockedEverywhere() {
        RateLimits limits = limits("auth-failures-per-client-total", "5");
        for (int i = 0; i < 5; i++) {
            limits.authenticationFailed("rs", "198.51.100." + i, NOW);
        }
        return limits;
    }

    @Test
    void defaultsFitAResourceServerIntrospectingForThousandsOfUsers() {
        RateLimitSettings d = OAuthSettings.load(ConfigSource.of(Map.of())).rateLimits();
        assertEquals(60_000, d.perClient());
        assertEquals(60_000, d.perAddress());
        assertEquals(10, d.authFailuresPerClient());
        assertEquals(30, d.authFailuresPerAddress());
        assertEquals(100, d.authFailuresPerClientTotal());
        assertEquals(300, d.authorizePerAddress());
        assertEquals(10, d.adminFailuresPerAddress());
        assertEquals(30, d.formLoginsPerAddress());
        RateLimits limits = new RateLimits(limiter, d);
        for (int i = 0; i < 1_200 * 20; i++) {
            // 20 introspections a second for 20 s: refused at the 1,201st by the old defaults.
            assertFalse(limits.clientRequest("rs", "192.0.2.1", NOW).active());
            limits.clientAuthenticated("rs", false, "192.0.2.1", NOW);
        }
    }

    @Test
    void settingsWhenNewLimitMalformedThenFailNamingTheKey() {
        for (String key : new String[] {"auth-failures-per-client-total", "authorize-per-address",
                "admin-failures-per-address", "form-logins-per-address"}) {
            for (String bad : new String[] {"0", "300/min", "1.5"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> OAuthSettings.load(ConfigSource.of(Map.of("mcp.oauth.rate-limit." + key, bad))));
                assertTrue(e.getMessage().startsWith("mcp.oauth.rate-limit." + key), e.getMessage());
            }
        }
    }

    @Test
    void settingsWhenReconcileIntervalGivenThenReadStrictlyWithinBounds() {
        String key = "mcp.oauth.rate-limit.reconcile-interval";
        assertEquals(Duration.ofMillis(500), OAuthSettings.load(ConfigSource.of(Map.of())).rateLimits()
                .reconcileInterval());
        assertEquals(Duration.ofMillis(250), OAuthSettings.load(ConfigSource.of(Map.of(key, "250ms"))).rateLimits()
                .reconcileInterval());
        assertEquals(Duration.ofSeconds(2), OAuthSettings.load(ConfigSource.of(Map.of(key, "2s"))).rateLimits()
                .reconcileInterval());
        for (String bad : new String[] {"0", "10ms", "11s", "1 minute", "-5ms", "half"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OAuthSettings.load(ConfigSource.of(Map.of(key, bad))), bad);
            assertTrue(e.getMessage().startsWith(key), e.getMessage());
        }
    }

    @Test
    void clientRequestWhenClientIdIsFiveMegabytesThenKeysStayShort() {
        RateLimits limits = limits();
        String huge = "x".repeat(5 * 1024 * 1024);
        limits.clientRequest(huge, "192.0.2.1", NOW);
        limits.authenticationFailed(huge, "192.0.2.1", NOW);
        limits.clientAuthenticated(huge, true, "192.0.2.1", NOW);
        limits.clientAuthenticated(huge, false, "192.0.2.1", NOW);
        limits.clientRequest("y".repeat(1024), "z".repeat(5 * 1024 * 1024), NOW);
        limits.authorization("z".repeat(5 * 1024 * 1024), NOW);
        assertTrue(limiter.longestKey() <= LimitKeys.MAX_CHARS,
                "the longest key has " + limiter.longestKey() + " characters");
    }

    @Test
    void textWhenShortThenAsItIsOtherwiseADigestThatCannotCollideWithAnId() {
        assertEquals("demo-app", LimitKeys.text("demo-app"));
        String url = "https://app.example/" + "p".repeat(100);
        assertEquals("#" + LimitKeys.digest(url), LimitKeys.text(url));
        assertEquals(44, LimitKeys.text(url).length());
        String lookalike = "#" + LimitKeys.digest(url);
        assertTrue(!LimitKeys.text(lookalike).equals(LimitKeys.text(url)), "an id that looks like a digest is hashed");
        assertTrue(LimitKeys.text("a|b").startsWith("#"), "the separator never appears in an id's part");
    }

    @Test
    void authenticationFailedWhenEnoughFromOneAddressThenThatAddressLockedOnlyForThatClient() {
        RateLimits limits = limits("auth-failures-per-client", "3");
        for (int i = 0; i < 3; i++) {
            assertFalse(limits.clientRequest("rs", "198.51.100.1", NOW).active());
            limits.authenticationFailed("rs", "198.51.100.1", NOW);
        }
        Lockout locked = limits.clientRequest("rs", "198.51.100.1", NOW.plusSeconds(15));
        assertTrue(locked.active());
        assertEquals(45, locked.retryAfterSeconds());
        assertFalse(limits.clientRequest("rs", "198.51.100.2", NOW).active(), "another address is not locked");
        assertFalse(limits.clientRequest("svc", "198.51.100.1", NOW).active(), "another client is not locked");
        assertFalse(limits.clientRequest("rs", "198.51.100.1", NOW.plusSeconds(60)).active(), "the window ended");
    }

    @Test
    void authenticationFailedWhenFromManyAddressesThenClientLockedEverywhere() {
        RateLimits limits = lockedEverywhere();
        assertTrue(limits.clientRequest("rs", "203.0.113.7", NOW).active());
        assertFalse(limits.clientRequest("svc", "203.0.113.7", NOW).active());
    }

    @Test
    void clientRequestWhenClientLockedEverywhereThenNotFromAnAddressItAuthenticatedFromThisWindow() {
        RateLimits limits = lockedEverywhere();
        assertTrue(limits.clientRequest("rs", "192.0.2.10", NOW).active());
        limits.clientAuthenticated("rs", false, "192.0.2.10", NOW);
        assertFalse(limits.clientRequest("rs", "192.0.2.10", NOW).active());
        assertTrue(limits.clientRequest("rs", "192.0.2.11", NOW).active());
        limits.clientAuthenticated("rs", true, "192.0.2.11", NOW);
        assertTrue(limits.clientRequest("rs", "192.0.2.11", NOW).active(), "a public client's id proves nothing");
    }

    @Test
    void authenticationFailedWhenManyClientIdsFromOneAddressThenThatAddressLocked() {
        RateLimits limits = limits("auth-failures-per-address", "4");
        for (int i = 0; i < 4; i++) {
            limits.authenticationFailed("random-" + i, "198.51.100.1", NOW);
        }
        assertTrue(limits.clientRequest("rs", "198.51.100.1", NOW).active());
        assertFalse(limits.clientRequest("rs", "198.51.100.2", NOW).active());
    }

    @Test
    void clientRequestWhenOverPerAddressThenRefusedAndOtherAddressesNot() {
        RateLimits limits = limits("per-address", "2");
        limits.clientRequest("a", "198.51.100.1", NOW);
        limits.clientRequest("b", "198.51.100.1", NOW);
        assertEquals(60, assertThrows(RateLimitedException.class,
                () -> limits.clientRequest("c", "198.51.100.1", NOW)).retryAfterSeconds());
        limits.clientRequest("c", "198.51.100.2", NOW);
    }

    @Test
    void clientAuthenticatedWhenPublicThenCountedPerAddressSoOthersCannotSpendIt() {
        RateLimits limits = limits("per-client", "2");
        limits.clientAuthenticated("cli", true, "198.51.100.1", NOW);
        limits.clientAuthenticated("cli", true, "198.51.100.1", NOW);
        assertThrows(RateLimitedException.class, () -> limits.clientAuthenticated("cli", true, "198.51.100.1", NOW));
        limits.clientAuthenticated("cli", true, "198.51.100.2", NOW);
        limits.clientAuthenticated("app", false, "198.51.100.1", NOW);
        limits.clientAuthenticated("app", false, "198.51.100.2", NOW);
        assertThrows(RateLimitedException.class, () -> limits.clientAuthenticated("app", false, "198.51.100.3", NOW),
                "a confidential client is counted across its addresses");
    }

    @Test
    void adminAttemptWhenTooManyWrongTokensThenRefusedFromThatAddressOnly() {
        RateLimits limits = limits("admin-failures-per-address", "2");
        limits.adminAttempt("198.51.100.1", NOW);
        limits.adminFailed("198.51.100.1", NOW);
        limits.adminAttempt("198.51.100.1", NOW);
        limits.adminFailed("198.51.100.1", NOW);
        assertThrows(RateLimitedException.class, () -> limits.adminAttempt("198.51.100.1", NOW));
        limits.adminAttempt("198.51.100.2", NOW);
        limits.adminAttempt("198.51.100.1", NOW.plus(Duration.ofMinutes(1)));
    }

    @Test
    void formLoginAndAuthorizationWhenOverTheirLimitsThenRefusedPerAddress() {
        RateLimits limits = limits("form-logins-per-address", "1", "authorize-per-address", "2");
        limits.formLogin("198.51.100.1", NOW);
        assertThrows(RateLimitedException.class, () -> limits.formLogin("198.51.100.1", NOW));
        limits.formLogin("198.51.100.2", NOW);
        limits.authorization("198.51.100.1", NOW);
        limits.authorization("198.51.100.1", NOW);
        assertThrows(RateLimitedException.class, () -> limits.authorization("198.51.100.1", NOW));
        limits.authorization("198.51.100.2", NOW);
    }
}

package io.mcpoauth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitKeysTest {

    @Test
    void addressWhenIpv6ThenItsSlash64SoOneHostCannotSpreadOverItsAddresses() {
        String a = LimitKeys.address("2001:db8:1:2:0:0:0:1");
        assertEquals("2001:db8:1:2::/64", a);
        assertEquals(a, LimitKeys.address("2001:db8:1:2:ffff:ffff:ffff:fffe"));
        assertEquals(a, LimitKeys.address("2001:db8:1:2::7%eth0"));
        assertEquals(a, LimitKeys.address("[2001:db8:1:2::8]"));
        assertNotEquals(a, LimitKeys.address("2001:db8:1:3::1"));
        assertEquals("0:0:0:0::/64", LimitKeys.address("::1"));
    }

    @Test
    void addressWhenIpv4OrMappedThenTheIpv4Address() {
        assertEquals("192.0.2.7", LimitKeys.address("192.0.2.7"));
        assertEquals("192.0.2.7", LimitKeys.address("::ffff:192.0.2.7"));
    }

    @Test
    void addressWhenNotALiteralThenNeverLookedUpAndKeptOrDigested() {
        assertEquals("unknown", LimitKeys.address("unknown"));
        assertEquals("host:name", LimitKeys.address("host:name"));
        String longOne = "x".repeat(5_000);
        assertTrue(LimitKeys.address(longOne).length() <= 43);
    }

    /** Regression: each of a host's IPv6 addresses had limits of its own, so one /64 never reached any. */
    @Test
    void authorizeWhenOneSlash64RotatesAddressesThenLimitedAsOne() {
        MemoryRateLimiter limiter = new MemoryRateLimiter();
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        long refused = 0;
        for (int i = 1; i <= 5; i++) {
            refused = limiter.hit("z:" + LimitKeys.address("2001:db8:1:2::" + Integer.toHexString(i)), 3,
                    Duration.ofMinutes(1), now);
        }
        assertTrue(refused > 0, "the fifth request from one /64 passes a limit of three");
    }
}

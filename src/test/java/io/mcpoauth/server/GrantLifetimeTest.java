package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hard cap on a grant's life ({@code mcp.oauth.token.grant-max-lifetime}, 90 days by default) counted from the
 * code exchange, and the idle limit ({@code mcp.oauth.token.refresh-ttl}, 30 days) that still applies within it.
 */
class GrantLifetimeTest {

    private static final Duration TWENTY_DAYS = Duration.ofDays(20);
    private static final Duration NINETY_DAYS = Duration.ofDays(90);

    private final ProviderFixture f = new ProviderFixture();

    private static String refusal(ProviderFixture fixture, String refreshToken) {
        return assertThrows(OAuthException.class, () -> fixture.refresh(refreshToken, null)).error().code();
    }

    private RefreshTokenRecord stored(String refreshToken) {
        return f.storage.refreshTokens().findRefreshToken(Tokens.hash(refreshToken), f.clock.instant()).orElseThrow();
    }

    @Test
    void refreshWhenEveryTwentyDaysThenGrantDiesNinetyDaysAfterTheCodeExchange() {
        Instant start = f.clock.instant();
        TokenResponse current = f.exchange(f.code("app", REDIRECT), REDIRECT);
        for (int i = 1; i <= 4; i++) {
            f.clock.advance(TWENTY_DAYS);
            current = f.refresh(current.refreshToken(), null);
            assertEquals(start, stored(current.refreshToken()).grantStartedAt(), "rotation " + i + " copies the start");
        }
        // Refreshed on day 80: thirty idle days would reach day 110, the grant's end comes first.
        assertEquals(start.plus(NINETY_DAYS), stored(current.refreshToken()).expiresAt());
        f.clock.advance(Duration.ofDays(10));
        assertEquals("invalid_grant", refusal(f, current.refreshToken()));
    }

    @Test
    void refreshNearTheGrantsEndThenAccessTokenExpiresAtTheEnd() {
        Instant end = f.clock.instant().plus(NINETY_DAYS);
        TokenResponse current = f.exchange(f.code("app", REDIRECT), REDIRECT);
        for (int day = 25; day <= 75; day += 25) {
            f.clock.advance(Duration.ofDays(25));
            current = f.refresh(current.refreshToken(), null);
        }
        f.clock.advance(Duration.ofDays(15).minusMinutes(30));
        TokenResponse last = f.refresh(current.refreshToken(), null);

        assertEquals(Duration.ofMinutes(30).toSeconds(), last.expiresIn());
        AccessTokenRecord access = f.storage.accessTokens().findAccessToken(Tokens.hash(last.accessToken()),
                f.clock.instant()).orElseThrow();
        assertEquals(end, access.expiresAt());
        assertEquals(end, stored(last.refreshToken()).expiresAt());
        assertEquals(end.getEpochSecond(), f.introspect(last.accessToken(), "rs").get("exp"));
        f.clock.advance(Duration.ofMinutes(30));
        assertEquals(false, f.introspect(last.accessToken(), "rs").get("active"));
        assertEquals("invalid_grant", refusal(f, last.refreshToken()));
    }

    @Test
    void refreshWhenIdleLongerThanRefreshTtlThenInvalidGrantWithinTheGrantsLife() {
        TokenResponse first = f.exchange(f.code("app", REDIRECT), REDIRECT);
        f.clock.advance(TWENTY_DAYS);
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertEquals(f.clock.instant().plus(Duration.ofDays(30)), stored(second.refreshToken()).expiresAt());
        f.clock.advance(Duration.ofDays(30));
        assertEquals("invalid_grant", refusal(f, second.refreshToken()));
    }

    @Test
    void exchangeWhenCapShorterThanTheLifetimesThenEveryTokenEndsAtTheCap() {
        ProviderFixture brief = new ProviderFixture(Map.of("mcp.oauth.token.grant-max-lifetime", "30m"));
        Instant end = brief.clock.instant().plus(Duration.ofMinutes(30));
        TokenResponse t = brief.exchange(brief.code("app", REDIRECT), REDIRECT);
        assertEquals(Duration.ofMinutes(30).toSeconds(), t.expiresIn());
        assertEquals(end, brief.storage.accessTokens().findAccessToken(Tokens.hash(t.accessToken()),
                brief.clock.instant())
                .orElseThrow().expiresAt());
        assertEquals(end, brief.storage.refreshTokens().findRefreshToken(Tokens.hash(t.refreshToken()),
                brief.clock.instant()).orElseThrow().expiresAt());
        brief.clock.advance(Duration.ofMinutes(30));
        assertEquals("invalid_grant", refusal(brief, t.refreshToken()));
    }

    /** A token stored before the cap was lowered may outlive its grant's end: it is refused there all the same. */
    @Test
    void refreshWhenStoredTokenOutlivesItsGrantsEndThenInvalidGrantAndNothingIssued() {
        TokenResponse first = f.exchange(f.code("app", REDIRECT), REDIRECT);
        RefreshTokenRecord r = stored(first.refreshToken());
        Instant now = f.clock.instant();
        String value = Tokens.newToken();
        RefreshTokenRecord old = new RefreshTokenRecord(Tokens.hash(value), r.grant(), now,
                now.plus(Duration.ofDays(30)), false, now.minus(NINETY_DAYS));
        f.storage.refreshTokens().saveRefreshToken(old, now);
        assertEquals("invalid_grant", refusal(f, value));
        assertTrue(f.storage.refreshTokens().findRefreshToken(old.tokenHash(),
                now).map(t -> !t.rotated()).orElseThrow(),
                "not rotated: no successor was issued");
    }
}

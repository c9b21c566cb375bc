package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static io.mcpoauth.server.ProviderFixture.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.RefreshTokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every grant reaches the grant index when it starts and is replaced at each refresh, until the latest expiry of
 * its tokens: what the admin API lists and offboarding revokes.
 */
class GrantIndexWiringTest {

    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private final ProviderFixture f = new ProviderFixture();

    private List<GrantSummary> grantsOf(String subject) {
        return f.storage.grantIndex().bySubject(subject, null, 100, f.clock.instant()).items();
    }

    private RefreshTokenRecord refreshRecord(String token) {
        return f.storage.refreshTokens().findRefreshToken(Tokens.hash(token), f.clock.instant()).orElseThrow();
    }

    private AccessTokenRecord accessRecord(String token) {
        return f.storage.accessTokens().findAccessToken(Tokens.hash(token), f.clock.instant()).orElseThrow();
    }

    @Test
    void exchangeWhenCodeThenGrantRecordedUntilTheRefreshTokensExpiry() {
        Instant start = f.clock.instant();
        TokenResponse tokens = f.exchange(f.code("app", REDIRECT), REDIRECT);
        RefreshTokenRecord refresh = refreshRecord(tokens.refreshToken());
        assertEquals("app", refresh.grant().clientId());
        assertEquals(List.of(GrantSummary.of(refresh.grant(), start, start, start.plus(THIRTY_DAYS))),
                grantsOf("alice"));
        assertEquals(grantsOf("alice"), f.storage.grantIndex().byClient("app", null, 100, start).items());
    }

    @Test
    void refreshWhenRotatedThenSameGrantReplacedWithLastUseAndLaterExpiry() {
        Instant start = f.clock.instant();
        TokenResponse first = f.exchange(f.code("app", REDIRECT), REDIRECT);
        f.clock.advance(Duration.ofDays(20));
        Instant refreshed = f.clock.instant();
        TokenResponse second = f.refresh(first.refreshToken(), "mcp:read");
        RefreshTokenRecord successor = refreshRecord(second.refreshToken());
        assertEquals(Scope.of("mcp:read"), accessRecord(second.accessToken()).grant().scope(),
                "the access token narrowed");
        assertEquals(List.of(GrantSummary.of(successor.grant(), start, refreshed, refreshed.plus(THIRTY_DAYS))),
                grantsOf("alice"));
        assertEquals(1, f.storage.grantIndex().count(refreshed));
    }

    @Test
    void clientCredentialsWhenTwoTokensThenTwoGrantsEachEndingWithItsToken() {
        Instant now = f.clock.instant();
        String first = machineToken();
        f.clock.advance(Duration.ofMinutes(1));
        String second = machineToken();
        List<GrantSummary> grants = grantsOf("svc");
        assertEquals(2, grants.size());
        assertNotEquals(grants.get(0).grantId(), grants.get(1).grantId());
        AccessTokenRecord token = accessRecord(first);
        GrantSummary firstGrant = f.storage.grantIndex().find(token.grant().grantId(), now).orElseThrow();
        assertEquals(GrantSummary.of(token), firstGrant);
        assertEquals("svc", firstGrant.clientId());
        assertEquals(token.expiresAt(), firstGrant.expiresAt());
        assertEquals(java.util.Set.of(token.grant().grantId(), accessRecord(second).grant().grantId()),
                java.util.Set.of(grants.get(0).grantId(), grants.get(1).grantId()));
    }

    private String machineToken() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return f.token(form, basic("svc", SECRET)).accessToken();
    }
}

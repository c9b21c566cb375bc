package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.SuccessorRule;
import io.mcpoauth.store.Successors;
import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rule of a refresh's successors ({@link TokenIssuer#successorRule}): given only where it can describe them,
 * and then giving the very records the refresh grant makes ({@link TokenIssuer#successorRecord},
 * {@link TokenIssuer#mintAccessToken}).
 */
class SuccessorRuleTest {

    private static final String A = "https://a.example.com/mcp";
    private static final String B = "https://b.example.com/mcp";
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00.123456789Z");

    private final TokenIssuer.Issued refresh = TokenIssuer.Issued.next();
    private final TokenIssuer.Issued access = TokenIssuer.Issued.next();

    private static TokenIssuer issuer(String... pairs) {
        Map<String, String> c = new HashMap<>(Map.of("mcp.oauth.issuer", "https://as.example.com",
                "mcp.oauth.login.mode", "header", "mcp.oauth.resources", A + " " + B,
                "mcp.oauth.token.grant-max-lifetime", "P2D"));
        for (int i = 0; i < pairs.length; i += 2) {
            c.put(pairs[i], pairs[i + 1]);
        }
        OAuthSettings s = OAuthSettings.load(ConfigSource.of(c));
        MemoryStorage storage = new MemoryStorage(1000);
        return new TokenIssuer(storage.accessTokens(), storage.refreshTokens(), storage.grantIndex(), s.accessTtl(),
                s.refreshTtl(), s.grantMaxLifetime(), s.tokenFormats(), s.issuer(), new OneSigningKey("k1"));
    }

    private static RefreshTokenRecord presented(Instant grantStartedAt) {
        Grant grant = new Grant("g1", "app", "alice", Scope.parse("mcp:read mcp:write"), List.of(A, B));
        return new RefreshTokenRecord("presented", grant, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)), false,
                grantStartedAt);
    }

    /** What the refresh grant makes for {@code presented}, its audience narrowed to {@code audience} if given. */
    private Successors made(TokenIssuer issuer, RefreshTokenRecord presented, String audience) {
        Grant grant = presented.grant();
        Grant accessGrant = audience == null ? grant : grant.withResources(List.of(audience));
        return new Successors(issuer.successorRecord(refresh, grant, presented.grantStartedAt(), NOW),
                issuer.mintAccessToken(accessGrant, NOW, presented.grantStartedAt(), access).record());
    }

    @Test
    void successorRuleWhenOpaqueThenItGivesTheRecordsTheRefreshGrantMakes() {
        TokenIssuer issuer = issuer();
        for (Instant started : List.of(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(47)))) {
            RefreshTokenRecord presented = presented(started);
            for (String audience : new String[] {null, B}) {
                SuccessorRule rule = issuer.successorRule(refresh, access, false, audience).orElseThrow();
                assertEquals(refresh.hash(), rule.refreshHash());
                assertEquals(access.hash(), rule.accessHash());
                assertTrue(rule.applies(presented, NOW));
                assertEquals(made(issuer, presented, audience), rule.successors(presented, NOW),
                        "started " + started + ", audience " + audience);
            }
        }
    }

    @Test
    void successorsWhenGrantEndsSoonThenBothCappedAtItsEnd() {
        TokenIssuer issuer = issuer();
        RefreshTokenRecord presented = presented(NOW.minus(Duration.ofDays(2)).plusSeconds(30));
        Successors s = issuer.successorRule(refresh, access, false, null).orElseThrow().successors(presented, NOW);
        Instant end = presented.grantStartedAt().plus(Duration.ofDays(2));
        assertEquals(end, s.refreshToken().expiresAt());
        assertEquals(end, s.accessToken().expiresAt());
    }

    @Test
    void appliesWhenGrantEndedOrAudienceUnlistedOrNoneThenFalse() {
        SuccessorRule rule = issuer().successorRule(refresh, access, false, null).orElseThrow();
        assertFalse(rule.applies(presented(NOW.minus(Duration.ofDays(2))), NOW), "the grant ends now");
        assertTrue(rule.applies(presented(NOW.minus(Duration.ofDays(2)).plusMillis(1)), NOW));
        RefreshTokenRecord unlisted = presented(NOW);
        assertFalse(issuer().successorRule(refresh, access, false, "https://c.example.com/mcp").orElseThrow()
                .applies(unlisted, NOW));
        RefreshTokenRecord noAudience = new RefreshTokenRecord("p", unlisted.grant().withResources(List.of()), NOW,
                NOW.plusSeconds(60), false);
        assertFalse(rule.applies(noAudience, NOW), "no audience to keep");
    }

    @Test
    void successorRuleWhenScopeRequestedOrTheAccessTokenMayBeAJwtThenNone() {
        assertEquals(Optional.empty(), issuer().successorRule(refresh, access, true, null), "a narrowed scope");
        TokenIssuer jwtForA = issuer("mcp.oauth.token.jwt-resources", A);
        assertEquals(Optional.empty(), jwtForA.successorRule(refresh, access, false, A), "a JWT audience");
        assertEquals(Optional.empty(), jwtForA.successorRule(refresh, access, false, null),
                "the grant's audience, unknown here, may take JWTs");
        assertTrue(jwtForA.successorRule(refresh, access, false, B).isPresent(), "an opaque audience");
        TokenIssuer allJwt = issuer("mcp.oauth.token.format", "jwt");
        assertEquals(Optional.empty(), allJwt.successorRule(refresh, access, false, B));
    }

    @Test
    void successorRuleWhenSameHashTwiceThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> issuer().successorRule(refresh, refresh, false, null));
    }
}

package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link TokenStore} contract, run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class TokenStoreContract extends StorageContract {

    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration ONE_YEAR = Duration.ofDays(365);

    private TokenStore tokens;

    @BeforeEach
    void open() {
        tokens = storage.tokens();
    }

    private AccessTokenRecord savedAccess(String grantId, Instant now, Duration lifetime) {
        AccessTokenRecord token = Fixtures.accessToken(Fixtures.key(), grantId, now, lifetime);
        tokens.saveAccessToken(token);
        return token;
    }

    private RefreshTokenRecord savedRefresh(String grantId, Instant now, Duration lifetime) {
        RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), grantId, now, lifetime);
        tokens.saveRefreshToken(token);
        return token;
    }

    private static RefreshTokenRecord successorOf(RefreshTokenRecord token, Instant now) {
        return Fixtures.refreshToken(Fixtures.key(), token.grantId(), now, THIRTY_DAYS);
    }

    @Test
    void findAccessTokenWhenSavedThenEqualRecord() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertEquals(Optional.of(token), tokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void findAccessTokenWhenSubjectAttributesThenKept() {
        Instant now = Fixtures.now();
        AccessTokenRecord t = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, ONE_HOUR);
        AccessTokenRecord token = new AccessTokenRecord(t.tokenHash(), t.grantId(), t.clientId(), t.subject(),
                t.scope(), t.resources(), t.issuedAt(), t.expiresAt(), Fixtures.ATTRIBUTES);
        tokens.saveAccessToken(token);
        AccessTokenRecord found = tokens.findAccessToken(token.tokenHash(), now).orElseThrow();
        assertEquals(Fixtures.ATTRIBUTES, found.attributes());
        assertEquals(token, found);
    }

    @Test
    void findAccessTokenWhenNoSubjectAttributesThenNone() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertEquals(SubjectAttributes.NONE, tokens.findAccessToken(token.tokenHash(), now).orElseThrow().attributes());
    }

    @Test
    void rotateWhenSubjectAttributesThenPresentedAndSuccessorKeepThem() {
        Instant now = Fixtures.now();
        RefreshTokenRecord r = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord token = new RefreshTokenRecord(r.tokenHash(), r.grantId(), r.clientId(), r.subject(),
                r.scope(), r.resources(), r.issuedAt(), r.expiresAt(), false, Fixtures.ATTRIBUTES);
        tokens.saveRefreshToken(token);
        RefreshTokenRecord s = successorOf(token, now);
        RefreshTokenRecord successor = new RefreshTokenRecord(s.tokenHash(), s.grantId(), s.clientId(), s.subject(),
                s.scope(), s.resources(), s.issuedAt(), s.expiresAt(), false, Fixtures.ATTRIBUTES);
        assertEquals(Optional.of(token), tokens.findRefreshToken(token.tokenHash(), now));
        assertTrue(tokens.rotateRefreshToken(token.tokenHash(), successor, now));
        assertEquals(Optional.of(token.asRotated()), tokens.findRefreshToken(token.tokenHash(), now));
        assertEquals(Optional.of(successor), tokens.findRefreshToken(successor.tokenHash(), now));
    }

    @Test
    void findRefreshTokenWhenGrantBeganBeforeItThenGrantStartKept() {
        Instant now = Fixtures.now();
        Instant started = now.minus(Duration.ofDays(40));
        RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS)
                .withGrantStartedAt(started);
        tokens.saveRefreshToken(token);
        RefreshTokenRecord found = tokens.findRefreshToken(token.tokenHash(), now).orElseThrow();
        assertEquals(started, found.grantStartedAt());
        assertEquals(token, found);
    }

    /**
     * The cap on a grant's life (mcp.oauth.token.grant-max-lifetime) is the successor's expiry, written in the
     * rotating step: the grant's start travels with it, and past the grant's end nothing of it can be found or
     * rotated, though the idle limit alone would have given it most of thirty days more.
     */
    @Test
    void rotateWhenSuccessorCappedAtGrantEndThenStartCopiedAndNothingLivesPastTheEnd() {
        Instant now = Fixtures.now();
        Instant started = now.minus(Duration.ofDays(89));
        Instant grantEnd = started.plus(Duration.ofDays(90));
        RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now.minus(Duration.ofDays(9)),
                THIRTY_DAYS).withGrantStartedAt(started);
        tokens.saveRefreshToken(token);
        RefreshTokenRecord s = successorOf(token, now);
        RefreshTokenRecord successor = new RefreshTokenRecord(s.tokenHash(), s.grantId(), s.clientId(), s.subject(),
                s.scope(), s.resources(), now, grantEnd, false, s.attributes(), token.grantStartedAt());
        assertTrue(tokens.rotateRefreshToken(token.tokenHash(), successor, now));

        RefreshTokenRecord stored = tokens.findRefreshToken(successor.tokenHash(), now).orElseThrow();
        assertEquals(started, stored.grantStartedAt());
        assertEquals(grantEnd, stored.expiresAt());
        assertTrue(tokens.findRefreshToken(successor.tokenHash(), grantEnd.minusMillis(1)).isPresent());
        assertEquals(Optional.empty(), tokens.findRefreshToken(successor.tokenHash(), grantEnd));
        RefreshTokenRecord afterEnd = Fixtures.refreshToken(Fixtures.key(), token.grantId(), grantEnd, THIRTY_DAYS)
                .withGrantStartedAt(started);
        assertFalse(tokens.rotateRefreshToken(successor.tokenHash(), afterEnd, grantEnd));
        assertEquals(Optional.empty(), tokens.findRefreshToken(afterEnd.tokenHash(), grantEnd));
    }

    @Test
    void findAccessTokenWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), tokens.findAccessToken(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void findAccessTokenWhenJustBeforeExpiryThenPresent() {
        AccessTokenRecord token = savedAccess(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertTrue(tokens.findAccessToken(token.tokenHash(), token.expiresAt().minusMillis(1)).isPresent());
    }

    @Test
    void findAccessTokenWhenExpiredThenEmpty() {
        AccessTokenRecord token = savedAccess(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertEquals(Optional.empty(), tokens.findAccessToken(token.tokenHash(), token.expiresAt()));
    }

    @Test
    void findAccessTokenWhenGrantRevokedThenEmpty() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        tokens.revokeGrant(token.grantId(), token.expiresAt());
        assertEquals(Optional.empty(), tokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void findAccessTokenWhenOtherGrantRevokedThenPresent() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        tokens.revokeGrant(Fixtures.key(), now.plus(ONE_HOUR));
        assertEquals(Optional.of(token), tokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void saveAccessTokenWhenThirtyDayLifetimeThenStillLiveAfterTwentyNineDays() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, THIRTY_DAYS);
        assertTrue(tokens.findAccessToken(token.tokenHash(), now.plus(Duration.ofDays(29))).isPresent());
        assertEquals(Optional.empty(), tokens.findAccessToken(token.tokenHash(), now.plus(THIRTY_DAYS)));
    }

    @Test
    void revokeAccessTokenWhenLiveThenTrueAndGone() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertTrue(tokens.revokeAccessToken(token.tokenHash()));
        assertEquals(Optional.empty(), tokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void revokeAccessTokenWhenRevokedTwiceThenSecondFalse() {
        AccessTokenRecord token = savedAccess(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertTrue(tokens.revokeAccessToken(token.tokenHash()));
        assertFalse(tokens.revokeAccessToken(token.tokenHash()));
    }

    @Test
    void revokeAccessTokenWhenUnknownThenFalse() {
        assertFalse(tokens.revokeAccessToken(Fixtures.key()));
    }

    @Test
    void revokeAccessTokenWhenSiblingRevokedThenOtherTokensOfGrantStay() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord revoked = savedAccess(grantId, now, ONE_HOUR);
        AccessTokenRecord kept = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        assertTrue(tokens.revokeAccessToken(revoked.tokenHash()));
        assertTrue(tokens.findAccessToken(kept.tokenHash(), now).isPresent());
        assertTrue(tokens.findRefreshToken(refresh.tokenHash(), now).isPresent());
        assertFalse(tokens.isGrantRevoked(grantId, now));
    }

    @Test
    void findRefreshTokenWhenSavedThenEqualRecordNotRotated() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord found = tokens.findRefreshToken(token.tokenHash(), now).orElseThrow();
        assertEquals(token, found);
        assertFalse(found.rotated());
    }

    @Test
    void findRefreshTokenWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), tokens.findRefreshToken(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void findRefreshTokenWhenExpiredThenEmpty() {
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertEquals(Optional.empty(), tokens.findRefreshToken(token.tokenHash(), token.expiresAt()));
    }

    @Test
    void findRefreshTokenWhenGrantRevokedThenEmpty() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        tokens.revokeGrant(token.grantId(), token.expiresAt());
        assertEquals(Optional.empty(), tokens.findRefreshToken(token.tokenHash(), now));
    }

    @Test
    void saveRefreshTokenWhenThirtyDayLifetimeThenStillLiveAfterTwentyNineDays() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        assertTrue(tokens.findRefreshToken(token.tokenHash(), now.plus(Duration.ofDays(29))).isPresent());
    }

    @Test
    void saveRefreshTokenWhenYearLifetimeThenLiveAfter364DaysAndGoneAfter365() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, ONE_YEAR);
        assertTrue(tokens.findRefreshToken(token.tokenHash(), now.plus(Duration.ofDays(364))).isPresent());
        assertEquals(Optional.empty(), tokens.findRefreshToken(token.tokenHash(), now.plus(ONE_YEAR)));
    }

    @Test
    void findRefreshTokenWhenItsAccessTokenExpiredThenStillLive() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        Instant later = now.plus(Duration.ofHours(2));
        assertEquals(Optional.empty(), tokens.findAccessToken(access.tokenHash(), later));
        assertEquals(Optional.of(refresh), tokens.findRefreshToken(refresh.tokenHash(), later));
    }

    @Test
    void rotateWhenLiveThenTrueAndPresentedRotatedAndSuccessorStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord successor = successorOf(token, now);
        assertTrue(tokens.rotateRefreshToken(token.tokenHash(), successor, now));
        assertEquals(Optional.of(token.asRotated()), tokens.findRefreshToken(token.tokenHash(), now));
        assertEquals(Optional.of(successor), tokens.findRefreshToken(successor.tokenHash(), now));
    }

    @Test
    void rotateWhenAlreadyRotatedThenFalseAndSuccessorNotStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        assertTrue(tokens.rotateRefreshToken(token.tokenHash(), successorOf(token, now), now));
        RefreshTokenRecord second = successorOf(token, now);
        assertFalse(tokens.rotateRefreshToken(token.tokenHash(), second, now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(second.tokenHash(), now));
        assertTrue(tokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated());
    }

    @Test
    void rotateWhenUnknownThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord successor = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS);
        String unknown = Fixtures.key();
        assertFalse(tokens.rotateRefreshToken(unknown, successor, now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(successor.tokenHash(), now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(unknown, now));
    }

    @Test
    void rotateWhenExpiredThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, ONE_HOUR);
        Instant later = token.expiresAt();
        RefreshTokenRecord successor = successorOf(token, later);
        assertFalse(tokens.rotateRefreshToken(token.tokenHash(), successor, later));
        assertEquals(Optional.empty(), tokens.findRefreshToken(successor.tokenHash(), later));
    }

    @Test
    void rotateWhenGrantRevokedThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        tokens.revokeGrant(token.grantId(), token.expiresAt());
        RefreshTokenRecord successor = successorOf(token, now);
        assertFalse(tokens.rotateRefreshToken(token.tokenHash(), successor, now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(successor.tokenHash(), now));
        assertTrue(tokens.isGrantRevoked(token.grantId(), now));
    }

    @Test
    void rotateWhenChainedThenEachSuccessorRotatesOnce() {
        Instant now = Fixtures.now();
        RefreshTokenRecord current = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        List<RefreshTokenRecord> chain = new ArrayList<>(List.of(current));
        for (int i = 1; i <= 3; i++) {
            Instant at = now.plus(Duration.ofDays(i));
            RefreshTokenRecord next = successorOf(current, at);
            assertTrue(tokens.rotateRefreshToken(current.tokenHash(), next, at), "step " + i);
            chain.add(next);
            current = next;
        }
        Instant end = now.plus(Duration.ofDays(4));
        for (int i = 0; i < chain.size(); i++) {
            boolean rotated = tokens.findRefreshToken(chain.get(i).tokenHash(), end).orElseThrow().rotated();
            assertEquals(i < chain.size() - 1, rotated, "token " + i);
        }
    }

    @Test
    void rotateWhenConcurrentThenExactlyOneWinsAndOnlyItsSuccessorStored() throws Exception {
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                Instant now = Fixtures.now();
                List<RefreshTokenRecord> presented = new ArrayList<>();
                List<List<RefreshTokenRecord>> successors = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
                    presented.add(token);
                    successors.add(Stream.generate(() -> successorOf(token, now)).limit(THREADS).toList());
                }
                // Every thread rotates the same tokens in the same order, each with its own successor.
                List<List<Boolean>> won = race.run(i -> IntStream.range(0, KEYS_PER_ROUND)
                        .mapToObj(k -> tokens.rotateRefreshToken(
                                presented.get(k).tokenHash(), successors.get(k).get(i), now))
                        .toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    String where = "round " + round + ", token " + k;
                    int key = k;
                    assertEquals(1, won.stream().filter(r -> r.get(key)).count(), where);
                    for (int i = 0; i < THREADS; i++) {
                        String successor = successors.get(k).get(i).tokenHash();
                        boolean stored = tokens.findRefreshToken(successor, now).isPresent();
                        assertEquals(won.get(i).get(k), stored, where + ", caller " + i);
                    }
                    assertTrue(tokens.findRefreshToken(presented.get(k).tokenHash(), now).orElseThrow().rotated());
                }
            }
        }
    }

    @Test
    void revokeGrantWhenTokensSavedAfterwardsThenTheyAreHiddenToo() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        tokens.revokeGrant(grantId, now.plus(THIRTY_DAYS));
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        assertEquals(Optional.empty(), tokens.findAccessToken(access.tokenHash(), now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(refresh.tokenHash(), now));
    }

    @Test
    void revokeGrantWhenWholeFamilyThenEveryTokenHidden() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord first = savedRefresh(grantId, now, THIRTY_DAYS);
        RefreshTokenRecord second = successorOf(first, now);
        assertTrue(tokens.rotateRefreshToken(first.tokenHash(), second, now));
        tokens.revokeGrant(grantId, now.plus(THIRTY_DAYS));
        assertEquals(Optional.empty(), tokens.findAccessToken(access.tokenHash(), now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(first.tokenHash(), now));
        assertEquals(Optional.empty(), tokens.findRefreshToken(second.tokenHash(), now));
    }

    @Test
    void isGrantRevokedWhenRevokedThenTrueUntilKeepUntil() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        Instant keepUntil = now.plus(THIRTY_DAYS);
        tokens.revokeGrant(grantId, keepUntil);
        assertTrue(tokens.isGrantRevoked(grantId, now));
        assertTrue(tokens.isGrantRevoked(grantId, keepUntil.minusMillis(1)));
        assertFalse(tokens.isGrantRevoked(grantId, keepUntil));
    }

    @Test
    void isGrantRevokedWhenNeverRevokedThenFalse() {
        assertFalse(tokens.isGrantRevoked(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void revokeGrantWhenRevokedAgainWithEarlierKeepUntilThenStillRevokedUntilTheLater() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        tokens.revokeGrant(grantId, now.plus(THIRTY_DAYS));
        tokens.revokeGrant(grantId, now.plus(ONE_HOUR));
        assertTrue(tokens.isGrantRevoked(grantId, now.plus(Duration.ofDays(29))));
    }
}

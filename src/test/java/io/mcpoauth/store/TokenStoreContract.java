package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token contract ({@link AccessTokenStore}, {@link RefreshTokenStore}, {@link GrantRevocationStore}), run
 * against every backend.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class TokenStoreContract extends StorageContract {

    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration ONE_YEAR = Duration.ofDays(365);

    private AccessTokenStore accessTokens;
    private RefreshTokenStore refreshTokens;
    private GrantRevocationStore grants;

    @BeforeEach
    void open() {
        accessTokens = storage.accessTokens();
        refreshTokens = storage.refreshTokens();
        grants = storage.grants();
    }

    private AccessTokenRecord savedAccess(String grantId, Instant now, Duration lifetime) {
        AccessTokenRecord token = Fixtures.accessToken(Fixtures.key(), grantId, now, lifetime);
        accessTokens.saveAccessToken(token, now);
        return token;
    }

    private RefreshTokenRecord savedRefresh(String grantId, Instant now, Duration lifetime) {
        RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), grantId, now, lifetime);
        refreshTokens.saveRefreshToken(token, now);
        return token;
    }

    /**
     * Rotates with a successor given in advance, checking that the store hands the live, unrotated presented
     * token to the successor function; reuse revokes nothing here (its own tests give it a time).
     */
    private RefreshRotation rotate(String presentedHash, RefreshTokenRecord successor, Instant now) {
        return refreshTokens.rotateRefreshToken(presentedHash, "client-1", now, now, presented -> {
            assertEquals(presentedHash, presented.tokenHash());
            assertFalse(presented.rotated());
            return successor;
        });
    }

    private static void assertRotated(RefreshRotation outcome, RefreshTokenRecord successor, String where) {
        RefreshRotation.Rotated rotated = assertInstanceOf(RefreshRotation.Rotated.class, outcome, where);
        assertEquals(successor, rotated.successor(), where);
        assertFalse(rotated.presented().rotated(), where);
    }

    private static void assertRotated(RefreshRotation outcome, RefreshTokenRecord successor) {
        assertRotated(outcome, successor, "");
    }

    private static RefreshTokenRecord successorOf(RefreshTokenRecord token, Instant now) {
        return Fixtures.refreshToken(Fixtures.key(), token.grant().grantId(), now, THIRTY_DAYS);
    }

    @Test
    void findAccessTokenWhenSavedThenEqualRecord() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertEquals(Optional.of(token), accessTokens.findAccessToken(token.tokenHash(), now));
    }

    @ParameterizedTest
    @MethodSource("io.mcpoauth.store.Fixtures#attributeKinds")
    void findAccessTokenWhenSubjectAttributesThenKept(SubjectAttributes attributes) {
        Instant now = Fixtures.now();
        AccessTokenRecord t = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, ONE_HOUR);
        AccessTokenRecord token = new AccessTokenRecord(t.tokenHash(), Fixtures.withAttributes(t.grant(), attributes),
                t.issuedAt(), t.expiresAt());
        accessTokens.saveAccessToken(token, now);
        AccessTokenRecord found = accessTokens.findAccessToken(token.tokenHash(), now).orElseThrow();
        assertEquals(attributes, found.grant().attributes());
        assertEquals(token, found);
    }

    @Test
    void findAccessTokenWhenNoSubjectAttributesThenNone() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertEquals(SubjectAttributes.NONE, accessTokens.findAccessToken(token.tokenHash(),
                now).orElseThrow().grant().attributes());
    }

    @ParameterizedTest
    @MethodSource("io.mcpoauth.store.Fixtures#attributeKinds")
    void rotateWhenSubjectAttributesThenPresentedAndSuccessorKeepThem(SubjectAttributes attributes) {
        Instant now = Fixtures.now();
        RefreshTokenRecord r = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord token = new RefreshTokenRecord(r.tokenHash(),
                Fixtures.withAttributes(r.grant(), attributes), r.issuedAt(), r.expiresAt(), false);
        refreshTokens.saveRefreshToken(token, now);
        RefreshTokenRecord s = successorOf(token, now);
        RefreshTokenRecord successor = new RefreshTokenRecord(s.tokenHash(),
                Fixtures.withAttributes(s.grant(), attributes), s.issuedAt(), s.expiresAt(), false);
        assertEquals(Optional.of(token), refreshTokens.findRefreshToken(token.tokenHash(), now));
        assertRotated(rotate(token.tokenHash(), successor, now), successor);
        assertEquals(Optional.of(token.asRotated()), refreshTokens.findRefreshToken(token.tokenHash(), now));
        assertEquals(Optional.of(successor), refreshTokens.findRefreshToken(successor.tokenHash(), now));
    }

    @Test
    void findRefreshTokenWhenGrantBeganBeforeItThenGrantStartKept() {
        Instant now = Fixtures.now();
        Instant started = now.minus(Duration.ofDays(40));
        RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS)
                .withGrantStartedAt(started);
        refreshTokens.saveRefreshToken(token, now);
        RefreshTokenRecord found = refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow();
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
        refreshTokens.saveRefreshToken(token, now);
        RefreshTokenRecord s = successorOf(token, now);
        RefreshTokenRecord successor = new RefreshTokenRecord(s.tokenHash(), s.grant(), now, grantEnd, false,
                token.grantStartedAt());
        assertRotated(rotate(token.tokenHash(), successor, now), successor);

        RefreshTokenRecord stored = refreshTokens.findRefreshToken(successor.tokenHash(), now).orElseThrow();
        assertEquals(started, stored.grantStartedAt());
        assertEquals(grantEnd, stored.expiresAt());
        assertTrue(refreshTokens.findRefreshToken(successor.tokenHash(), grantEnd.minusMillis(1)).isPresent());
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), grantEnd));
        RefreshTokenRecord afterEnd = Fixtures.refreshToken(Fixtures.key(), token.grant().grantId(), grantEnd,
                THIRTY_DAYS).withGrantStartedAt(started);
        assertEquals(RefreshRotation.NOT_FOUND, rotate(successor.tokenHash(), afterEnd, grantEnd));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(afterEnd.tokenHash(), grantEnd));
    }

    @Test
    void findAccessTokenWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), accessTokens.findAccessToken(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void findAccessTokenWhenJustBeforeExpiryThenPresent() {
        AccessTokenRecord token = savedAccess(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertTrue(accessTokens.findAccessToken(token.tokenHash(), token.expiresAt().minusMillis(1)).isPresent());
    }

    @Test
    void findAccessTokenWhenExpiredThenEmpty() {
        AccessTokenRecord token = savedAccess(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertEquals(Optional.empty(), accessTokens.findAccessToken(token.tokenHash(), token.expiresAt()));
    }

    @Test
    void findAccessTokenWhenGrantRevokedThenEmpty() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        grants.revokeGrant(token.grant().grantId(), token.expiresAt(), now);
        assertEquals(Optional.empty(), accessTokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void findAccessTokenWhenOtherGrantRevokedThenPresent() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        grants.revokeGrant(Fixtures.key(), now.plus(ONE_HOUR), now);
        assertEquals(Optional.of(token), accessTokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void saveAccessTokenWhenThirtyDayLifetimeThenStillLiveAfterTwentyNineDays() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, THIRTY_DAYS);
        assertTrue(accessTokens.findAccessToken(token.tokenHash(), now.plus(Duration.ofDays(29))).isPresent());
        assertEquals(Optional.empty(), accessTokens.findAccessToken(token.tokenHash(), now.plus(THIRTY_DAYS)));
    }

    @Test
    void revokeAccessTokenWhenLiveThenTrueAndGone() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertTrue(accessTokens.revokeAccessToken(token.tokenHash(), now));
        assertEquals(Optional.empty(), accessTokens.findAccessToken(token.tokenHash(), now));
    }

    @Test
    void revokeAccessTokenWhenRevokedTwiceThenSecondFalse() {
        Instant now = Fixtures.now();
        AccessTokenRecord token = savedAccess(Fixtures.key(), now, ONE_HOUR);
        assertTrue(accessTokens.revokeAccessToken(token.tokenHash(), now));
        assertFalse(accessTokens.revokeAccessToken(token.tokenHash(), now));
    }

    @Test
    void revokeAccessTokenWhenUnknownThenFalse() {
        assertFalse(accessTokens.revokeAccessToken(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void revokeAccessTokenWhenSiblingRevokedThenOtherTokensOfGrantStay() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord revoked = savedAccess(grantId, now, ONE_HOUR);
        AccessTokenRecord kept = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        assertTrue(accessTokens.revokeAccessToken(revoked.tokenHash(), now));
        assertTrue(accessTokens.findAccessToken(kept.tokenHash(), now).isPresent());
        assertTrue(refreshTokens.findRefreshToken(refresh.tokenHash(), now).isPresent());
        assertFalse(grants.isGrantRevoked(grantId, now));
    }

    @Test
    void findRefreshTokenWhenSavedThenEqualRecordNotRotated() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord found = refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow();
        assertEquals(token, found);
        assertFalse(found.rotated());
    }

    @Test
    void findRefreshTokenWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void findRefreshTokenWhenExpiredThenEmpty() {
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), Fixtures.now(), ONE_HOUR);
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(token.tokenHash(), token.expiresAt()));
    }

    @Test
    void findRefreshTokenWhenGrantRevokedThenEmpty() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        grants.revokeGrant(token.grant().grantId(), token.expiresAt(), now);
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(token.tokenHash(), now));
    }

    @Test
    void saveRefreshTokenWhenThirtyDayLifetimeThenStillLiveAfterTwentyNineDays() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        assertTrue(refreshTokens.findRefreshToken(token.tokenHash(), now.plus(Duration.ofDays(29))).isPresent());
    }

    @Test
    void saveRefreshTokenWhenYearLifetimeThenLiveAfter364DaysAndGoneAfter365() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, ONE_YEAR);
        assertTrue(refreshTokens.findRefreshToken(token.tokenHash(), now.plus(Duration.ofDays(364))).isPresent());
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(token.tokenHash(), now.plus(ONE_YEAR)));
    }

    @Test
    void findRefreshTokenWhenItsAccessTokenExpiredThenStillLive() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        Instant later = now.plus(Duration.ofHours(2));
        assertEquals(Optional.empty(), accessTokens.findAccessToken(access.tokenHash(), later));
        assertEquals(Optional.of(refresh), refreshTokens.findRefreshToken(refresh.tokenHash(), later));
    }

    @Test
    void rotateWhenLiveThenTrueAndPresentedRotatedAndSuccessorStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord successor = successorOf(token, now);
        assertRotated(rotate(token.tokenHash(), successor, now), successor);
        assertEquals(Optional.of(token.asRotated()), refreshTokens.findRefreshToken(token.tokenHash(), now));
        assertEquals(Optional.of(successor), refreshTokens.findRefreshToken(successor.tokenHash(), now));
    }

    @Test
    void rotateWhenAlreadyRotatedThenFalseAndSuccessorNotStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord first = successorOf(token, now);
        assertRotated(rotate(token.tokenHash(), first, now), first);
        RefreshTokenRecord second = successorOf(token, now);
        assertInstanceOf(RefreshRotation.Reused.class, rotate(token.tokenHash(), second, now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(second.tokenHash(), now));
        assertTrue(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated());
    }

    @Test
    void rotateWhenUnknownThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord successor = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now, THIRTY_DAYS);
        String unknown = Fixtures.key();
        assertEquals(RefreshRotation.NOT_FOUND, rotate(unknown, successor, now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(unknown, now));
    }

    @Test
    void rotateWhenExpiredThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, ONE_HOUR);
        Instant later = token.expiresAt();
        RefreshTokenRecord successor = successorOf(token, later);
        assertEquals(RefreshRotation.NOT_FOUND, rotate(token.tokenHash(), successor, later));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), later));
    }

    @Test
    void rotateWhenGrantRevokedThenFalseAndNothingStored() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        grants.revokeGrant(token.grant().grantId(), token.expiresAt(), now);
        RefreshTokenRecord successor = successorOf(token, now);
        assertEquals(RefreshRotation.NOT_FOUND, rotate(token.tokenHash(), successor, now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), now));
        assertTrue(grants.isGrantRevoked(token.grant().grantId(), now));
    }

    @Test
    void rotateWhenChainedThenEachSuccessorRotatesOnce() {
        Instant now = Fixtures.now();
        RefreshTokenRecord current = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        List<RefreshTokenRecord> chain = new ArrayList<>(List.of(current));
        for (int i = 1; i <= 3; i++) {
            Instant at = now.plus(Duration.ofDays(i));
            RefreshTokenRecord next = successorOf(current, at);
            assertRotated(rotate(current.tokenHash(), next, at), next, "step " + i);
            chain.add(next);
            current = next;
        }
        Instant end = now.plus(Duration.ofDays(4));
        for (int i = 0; i < chain.size(); i++) {
            boolean rotated = refreshTokens.findRefreshToken(chain.get(i).tokenHash(), end).orElseThrow().rotated();
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
                List<List<RefreshRotation>> outcomes = race.run(i -> IntStream.range(0, KEYS_PER_ROUND)
                        .mapToObj(k -> rotate(
                                presented.get(k).tokenHash(), successors.get(k).get(i), now))
                        .toList());
                List<List<Boolean>> won = outcomes.stream()
                        .map(r -> r.stream().map(o -> o instanceof RefreshRotation.Rotated).toList()).toList();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    String where = "round " + round + ", token " + k;
                    int key = k;
                    assertEquals(1, won.stream().filter(r -> r.get(key)).count(), where);
                    // Every loser saw the winner's rotation: reuse, never "not found".
                    assertEquals(THREADS - 1, outcomes.stream()
                            .filter(r -> r.get(key) instanceof RefreshRotation.Reused).count(), where);
                    for (int i = 0; i < THREADS; i++) {
                        String successor = successors.get(k).get(i).tokenHash();
                        boolean stored = refreshTokens.findRefreshToken(successor, now).isPresent();
                        assertEquals(won.get(i).get(k), stored, where + ", caller " + i);
                    }
                    assertTrue(refreshTokens.findRefreshToken(presented.get(k).tokenHash(),
                            now).orElseThrow().rotated());
                }
            }
        }
    }

    @Test
    void rotateAndIssueWhenWonThenTheAccessTokenIsStoredWithTheSuccessorAndOnReuseNeither() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord successor = successorOf(token, now);
        AccessTokenRecord access = Fixtures.accessToken(Fixtures.key(), token.grant().grantId(), now, ONE_HOUR);
        assertRotated(refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now,
                presented -> new Successors(successor, access)), successor);
        assertEquals(access, accessTokens.findAccessToken(access.tokenHash(), now).orElseThrow());
        AccessTokenRecord late = Fixtures.accessToken(Fixtures.key(), token.grant().grantId(), now, ONE_HOUR);
        assertInstanceOf(RefreshRotation.Reused.class, refreshTokens.rotateAndIssue(token.tokenHash(), "client-1",
                now, now, presented -> new Successors(successorOf(token, now), late)));
        assertTrue(accessTokens.findAccessToken(late.tokenHash(), now).isEmpty(), "reuse stores no access token");
    }

    @Test
    void rotateAndIssueWhenConcurrentThenOnlyTheWinnersAccessTokenIsStored() throws Exception {
        try (Race race = new Race(THREADS)) {
            Instant now = Fixtures.now();
            RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
            List<AccessTokenRecord> access = Stream.generate(
                    () -> Fixtures.accessToken(Fixtures.key(), token.grant().grantId(), now, ONE_HOUR)).limit(THREADS).toList();
            List<RefreshRotation> outcomes = race.run(i -> refreshTokens.rotateAndIssue(token.tokenHash(),
                    "client-1", now, now, presented -> new Successors(successorOf(token, now), access.get(i))));
            for (int i = 0; i < THREADS; i++) {
                assertEquals(outcomes.get(i) instanceof RefreshRotation.Rotated,
                        accessTokens.findAccessToken(access.get(i).tokenHash(), now).isPresent(), "caller " + i);
            }
            assertEquals(1, outcomes.stream().filter(RefreshRotation.Rotated.class::isInstance).count());
        }
    }

    @Test
    void rotateAndIssueWhenSubjectBlockedThenBlockedAndNothingChangesWhereTheStepJudgesIt() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        storage.subjectBlocks().block("alice", now.plus(ONE_HOUR), now);
        RefreshTokenRecord successor = successorOf(token, now);
        AccessTokenRecord access = Fixtures.accessToken(Fixtures.key(), token.grant().grantId(), now, ONE_HOUR);
        RefreshRotation outcome = refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now,
                presented -> new Successors(successor, access));
        if (!judgesBlocksInStep()) {
            assertFalse(assertInstanceOf(RefreshRotation.Rotated.class, outcome).subjectChecked(),
                    "left to the caller");
            return;
        }
        RefreshRotation.Blocked blocked = assertInstanceOf(RefreshRotation.Blocked.class, outcome);
        assertEquals(now.plus(ONE_HOUR), blocked.until());
        assertEquals(token, blocked.presented());
        assertFalse(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated(), "not rotated");
        assertTrue(refreshTokens.findRefreshToken(successor.tokenHash(), now).isEmpty(), "no successor");
        assertTrue(accessTokens.findAccessToken(access.tokenHash(), now).isEmpty(), "no access token");
        assertFalse(grants.isGrantRevoked(token.grant().grantId(), now), "revoking is the caller's");

        storage.subjectBlocks().unblock("alice", now);
        RefreshRotation.Rotated rotated = assertInstanceOf(RefreshRotation.Rotated.class,
                refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now,
                        presented -> new Successors(successor, access)));
        assertTrue(rotated.subjectChecked());
        assertEquals(access, accessTokens.findAccessToken(access.tokenHash(), now).orElseThrow());
    }

    @Test
    void rotateWhenSubjectBlockedAndTokenReusedThenReusedAndTheGrantRevoked() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        assertInstanceOf(RefreshRotation.Rotated.class, refreshTokens.rotateRefreshToken(token.tokenHash(),
                "client-1", now, now, presented -> successorOf(presented, now)));
        storage.subjectBlocks().block("alice", now.plus(ONE_HOUR), now);
        assertInstanceOf(RefreshRotation.Reused.class, refreshTokens.rotateRefreshToken(token.tokenHash(),
                "client-1", now, now.plus(ONE_HOUR), presented -> successorOf(presented, now)));
        assertTrue(grants.isGrantRevoked(token.grant().grantId(), now));
    }

    @Test
    void rotateWhenBlockEndedOrOfAnotherSubjectThenRotated() {
        Instant now = Fixtures.now();
        storage.subjectBlocks().block("alice", now.plusSeconds(1), now);
        storage.subjectBlocks().block("bob", now.plus(ONE_HOUR), now);
        Instant later = now.plusSeconds(1);
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), later, THIRTY_DAYS);
        RefreshTokenRecord successor = successorOf(token, later);
        RefreshRotation.Rotated rotated = assertInstanceOf(RefreshRotation.Rotated.class,
                rotate(token.tokenHash(), successor, later));
        assertEquals(judgesBlocksInStep(), rotated.subjectChecked());
    }

    @Test
    void revokeGrantWhenTokensSavedAfterwardsThenTheyAreHiddenToo() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        grants.revokeGrant(grantId, now.plus(THIRTY_DAYS), now);
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord refresh = savedRefresh(grantId, now, THIRTY_DAYS);
        assertEquals(Optional.empty(), accessTokens.findAccessToken(access.tokenHash(), now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(refresh.tokenHash(), now));
    }

    /** A grant with an access token and a refresh token rotated once. */
    private record Family(String grantId, AccessTokenRecord access, RefreshTokenRecord first,
            RefreshTokenRecord second) {
    }

    private Family rotatedFamily(Instant now) {
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord first = savedRefresh(grantId, now, THIRTY_DAYS);
        RefreshTokenRecord second = successorOf(first, now);
        assertRotated(rotate(first.tokenHash(), second, now), second);
        return new Family(grantId, access, first, second);
    }

    private void assertHidden(Instant now, AccessTokenRecord access, RefreshTokenRecord... refresh) {
        assertEquals(Optional.empty(), accessTokens.findAccessToken(access.tokenHash(), now));
        for (RefreshTokenRecord token : refresh) {
            assertEquals(Optional.empty(), refreshTokens.findRefreshToken(token.tokenHash(), now));
        }
    }

    @Test
    void revokeGrantWhenWholeFamilyThenEveryTokenHidden() {
        Instant now = Fixtures.now();
        Family family = rotatedFamily(now);
        grants.revokeGrant(family.grantId(), now.plus(THIRTY_DAYS), now);
        assertHidden(now, family.access(), family.first(), family.second());
    }

    @Test
    void isGrantRevokedWhenRevokedThenTrueUntilKeepUntil() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        Instant keepUntil = now.plus(THIRTY_DAYS);
        grants.revokeGrant(grantId, keepUntil, now);
        assertTrue(grants.isGrantRevoked(grantId, now));
        assertTrue(grants.isGrantRevoked(grantId, keepUntil.minusMillis(1)));
        assertFalse(grants.isGrantRevoked(grantId, keepUntil));
    }

    @Test
    void isGrantRevokedWhenNeverRevokedThenFalse() {
        assertFalse(grants.isGrantRevoked(Fixtures.key(), Fixtures.now()));
    }

    @Test
    void revokeGrantWhenRevokedAgainWithEarlierKeepUntilThenStillRevokedUntilTheLater() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        grants.revokeGrant(grantId, now.plus(THIRTY_DAYS), now);
        grants.revokeGrant(grantId, now.plus(ONE_HOUR), now);
        assertTrue(grants.isGrantRevoked(grantId, now.plus(Duration.ofDays(29))));
    }

    @Test
    void rotateWhenReusedThenReusedAndGrantRevokedInTheSameStep() {
        Instant now = Fixtures.now();
        Family family = rotatedFamily(now);
        Instant keepUntil = now.plus(THIRTY_DAYS);
        RefreshTokenRecord third = successorOf(family.first(), now);
        RefreshRotation outcome = refreshTokens.rotateRefreshToken(family.first().tokenHash(), "client-1", now,
                keepUntil, presented -> third);
        assertEquals(new RefreshRotation.Reused(family.first().asRotated()), outcome);
        assertTrue(grants.isGrantRevoked(family.grantId(), now));
        assertTrue(grants.isGrantRevoked(family.grantId(), keepUntil.minusMillis(1)));
        assertHidden(now, family.access(), family.first(), family.second(), third);
        assertEquals(RefreshRotation.NOT_FOUND, rotate(family.second().tokenHash(), successorOf(family.second(), now),
                now));
    }

    @Test
    void rotateWhenAnotherClientPresentsItThenNotFoundAndNothingChanged() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        RefreshTokenRecord successor = successorOf(token, now);
        assertEquals(RefreshRotation.NOT_FOUND, refreshTokens.rotateRefreshToken(token.tokenHash(), "client-2", now,
                now.plus(THIRTY_DAYS), presented -> successor));
        assertEquals(Optional.of(token), refreshTokens.findRefreshToken(token.tokenHash(), now));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), now));
        assertFalse(grants.isGrantRevoked(token.grant().grantId(), now));
        assertRotated(rotate(token.tokenHash(), successor, now), successor);
    }

    @Test
    void rotateWhenSuccessorRefusedThenExceptionAndNothingChanged() {
        Instant now = Fixtures.now();
        RefreshTokenRecord token = savedRefresh(Fixtures.key(), now, THIRTY_DAYS);
        IllegalStateException refusal = new IllegalStateException("scope exceeds the grant");
        assertSame(refusal, assertThrows(IllegalStateException.class, () -> refreshTokens.rotateRefreshToken(
                token.tokenHash(), "client-1", now, now.plus(THIRTY_DAYS), presented -> {
                    throw refusal;
                })));
        assertEquals(Optional.of(token), refreshTokens.findRefreshToken(token.tokenHash(), now));
        assertFalse(grants.isGrantRevoked(token.grant().grantId(), now));
        RefreshTokenRecord successor = successorOf(token, now);
        assertRotated(rotate(token.tokenHash(), successor, now), successor);
    }

    @Test
    void revokeGrantWhenKeepUntilNotAfterNowThenNothingRevoked() {
        Instant now = Fixtures.now();
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        grants.revokeGrant(grantId, now, now);
        assertFalse(grants.isGrantRevoked(grantId, now));
        assertEquals(Optional.of(access), accessTokens.findAccessToken(access.tokenHash(), now));
    }

    /**
     * The provider's clock, not the wall clock, is the only time a store knows: ten years before or after the
     * wall clock, tokens are kept for exactly their lifetime from the given {@code now}, revoked as live, rotated,
     * and revocations last until their given end.
     */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void tokensWhenNowFarFromWallClockThenLifetimesCountFromTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        String grantId = Fixtures.key();
        AccessTokenRecord access = savedAccess(grantId, now, ONE_HOUR);
        AccessTokenRecord revoked = savedAccess(grantId, now, ONE_HOUR);
        RefreshTokenRecord token = savedRefresh(grantId, now, THIRTY_DAYS);
        assertEquals(Optional.of(access), accessTokens.findAccessToken(access.tokenHash(), now));
        assertTrue(accessTokens.findAccessToken(access.tokenHash(), access.expiresAt().minusMillis(1)).isPresent());
        assertEquals(Optional.empty(), accessTokens.findAccessToken(access.tokenHash(), access.expiresAt()));
        assertTrue(accessTokens.revokeAccessToken(revoked.tokenHash(), now));
        assertEquals(Optional.empty(), accessTokens.findAccessToken(revoked.tokenHash(), now));
        assertEquals(Optional.of(token), refreshTokens.findRefreshToken(token.tokenHash(), now));

        Instant later = now.plus(Duration.ofDays(1));
        RefreshTokenRecord successor = successorOf(token, later);
        assertRotated(rotate(token.tokenHash(), successor, later), successor);
        assertTrue(refreshTokens.findRefreshToken(successor.tokenHash(), successor.expiresAt().minusMillis(1))
                .isPresent());
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), successor.expiresAt()));

        Instant keepUntil = later.plus(THIRTY_DAYS);
        RefreshRotation reuse = refreshTokens.rotateRefreshToken(token.tokenHash(), "client-1", later, keepUntil,
                presented -> successorOf(presented, later));
        assertInstanceOf(RefreshRotation.Reused.class, reuse);
        assertTrue(grants.isGrantRevoked(grantId, later));
        assertTrue(grants.isGrantRevoked(grantId, keepUntil.minusMillis(1)));
        assertFalse(grants.isGrantRevoked(grantId, keepUntil));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(successor.tokenHash(), later));
    }

    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void saveWhenAlreadyExpiredAtTheGivenNowThenNotKept(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        AccessTokenRecord access = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now.minus(ONE_HOUR),
                ONE_HOUR);
        RefreshTokenRecord refresh = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now.minus(ONE_HOUR),
                ONE_HOUR);
        accessTokens.saveAccessToken(access, now);
        refreshTokens.saveRefreshToken(refresh, now);
        assertEquals(Optional.empty(), accessTokens.findAccessToken(access.tokenHash(), access.issuedAt()));
        assertEquals(Optional.empty(), refreshTokens.findRefreshToken(refresh.tokenHash(), refresh.issuedAt()));
    }
}

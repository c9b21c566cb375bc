package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refresh's rotation with its successors also described by a {@link SuccessorRule}, run against every backend:
 * the same outcomes as without the rule, whether the backend applies it in the rotating step (PostgreSQL) or
 * ignores it; where the rule does not hold, the successor function decides, and its refusal changes nothing.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class RefreshRuleContract extends StorageContract {

    private static final String MCP = "https://mcp.example.com/mcp";
    private static final String OTHER = "https://other.example.com";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private RefreshTokenStore refreshTokens;
    private AccessTokenStore accessTokens;
    private Instant now;
    /** The subject of this test's grants: blocks written by one test reach no other. */
    private String subject;

    @BeforeEach
    void open() {
        refreshTokens = storage.refreshTokens();
        accessTokens = storage.accessTokens();
        now = Fixtures.now();
        subject = "alice-" + Fixtures.key();
    }

    /** A live refresh token of client-1's grant for alice, listing {@code resources}, begun at {@code started}. */
    private RefreshTokenRecord saved(List<String> resources, Instant started) {
        Grant grant = new Grant(Fixtures.key(), "client-1", subject, Scope.parse("mcp:tools offline_access"),
                resources);
        RefreshTokenRecord token = new RefreshTokenRecord(Fixtures.key(), grant, now.minusSeconds(60),
                now.plus(DAY), false, started);
        refreshTokens.saveRefreshToken(token, now);
        return token;
    }

    private RefreshTokenRecord saved() {
        return saved(List.of(MCP, OTHER), now.minus(HOUR));
    }

    private static SuccessorRule rule(String audience, Duration grantMaxLifetime) {
        return new SuccessorRule(Fixtures.key(), Fixtures.key(), DAY, Duration.ofMinutes(5), grantMaxLifetime,
                audience);
    }

    private static SuccessorRule rule(String audience) {
        return rule(audience, Duration.ofDays(30));
    }

    /** The refresh grant's function, as the rule states it: refusing where the rule does not hold. */
    private Function<RefreshTokenRecord, Successors> refusingOutside(SuccessorRule rule, AtomicInteger calls) {
        return presented -> {
            calls.incrementAndGet();
            assertFalse(presented.rotated(), "the function sees the live, unrotated token");
            if (!rule.applies(presented, now)) {
                throw new IllegalArgumentException("refused");
            }
            return rule.successors(presented, now);
        };
    }

    private RefreshRotation rotate(RefreshTokenRecord token, SuccessorRule rule, AtomicInteger calls) {
        return refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now.plus(HOUR),
                refusingOutside(rule, calls), rule);
    }

    @Test
    void rotateWhenRuleHoldsThenTheRulesSuccessorsAreStoredAndReturned() {
        RefreshTokenRecord token = saved();
        SuccessorRule rule = rule(null);
        AtomicInteger calls = new AtomicInteger();
        RefreshRotation.Rotated rotated = assertInstanceOf(RefreshRotation.Rotated.class, rotate(token, rule, calls));
        Successors expected = rule.successors(token, now);
        assertEquals(1, calls.get(), "the function is called once, for the records returned");
        assertEquals(token, rotated.presented());
        assertEquals(expected.refreshToken(), rotated.successor());
        assertEquals(expected.refreshToken(), refreshTokens.findRefreshToken(rule.refreshHash(), now).orElseThrow());
        assertEquals(expected.accessToken(), accessTokens.findAccessToken(rule.accessHash(), now).orElseThrow());
        assertEquals(List.of(MCP, OTHER), expected.accessToken().grant().resources(), "the grant's audience kept");
        assertTrue(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated());
    }

    @Test
    void rotateWhenOneResourceGrantedThenTheAccessTokenNarrowedToItAndTheSuccessorKeepsTheGrant() {
        RefreshTokenRecord token = saved();
        SuccessorRule rule = rule(OTHER);
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(token, rule, new AtomicInteger()));
        assertEquals(List.of(OTHER), accessTokens.findAccessToken(rule.accessHash(), now).orElseThrow().grant()
                .resources());
        assertEquals(List.of(MCP, OTHER), refreshTokens.findRefreshToken(rule.refreshHash(), now).orElseThrow()
                .grant().resources());
    }

    @Test
    void rotateWhenSuccessorsCappedAtTheGrantsEndThenBothExpireThere() {
        RefreshTokenRecord token = saved(List.of(MCP), now.minus(HOUR));
        SuccessorRule rule = rule(MCP, Duration.ofMinutes(62));
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(token, rule, new AtomicInteger()));
        Instant end = now.minus(HOUR).plus(Duration.ofMinutes(62));
        assertEquals(end, refreshTokens.findRefreshToken(rule.refreshHash(), now).orElseThrow().expiresAt());
        assertEquals(end, accessTokens.findAccessToken(rule.accessHash(), now).orElseThrow().expiresAt());
    }

    @Test
    void rotateWhenGrantStartUnknownThenCountedFromTheTokensIssue() {
        RefreshTokenRecord token = saved(List.of(MCP), null);
        SuccessorRule rule = rule(null, Duration.ofMinutes(3));
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(token, rule, new AtomicInteger()));
        RefreshTokenRecord successor = refreshTokens.findRefreshToken(rule.refreshHash(), now).orElseThrow();
        assertEquals(token.issuedAt(), successor.grantStartedAt());
        assertEquals(token.issuedAt().plus(Duration.ofMinutes(3)), successor.expiresAt());
    }

    @Test
    void rotateWhenRuleDoesNotHoldThenTheFunctionRefusesAndNothingChanges() {
        RefreshTokenRecord ended = saved(List.of(MCP), now.minus(DAY));
        RefreshTokenRecord unlisted = saved(List.of(MCP), now.minus(HOUR));
        RefreshTokenRecord noAudience = saved(List.of(), now.minus(HOUR));
        for (var c : List.of(new Object[] {ended, rule(null, DAY)}, new Object[] {unlisted, rule(OTHER)},
                new Object[] {noAudience, rule(null)})) {
            RefreshTokenRecord token = (RefreshTokenRecord) c[0];
            SuccessorRule rule = (SuccessorRule) c[1];
            AtomicInteger calls = new AtomicInteger();
            assertEquals("refused", assertThrows(IllegalArgumentException.class,
                    () -> rotate(token, rule, calls)).getMessage());
            assertEquals(1, calls.get());
            assertFalse(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated(), "unrotated");
            assertTrue(refreshTokens.findRefreshToken(rule.refreshHash(), now).isEmpty(), "no successor");
            assertTrue(accessTokens.findAccessToken(rule.accessHash(), now).isEmpty(), "no access token");
        }
    }

    @Test
    void rotateWhenRuleDoesNotHoldThenTheFunctionsSuccessorsAreStored() {
        RefreshTokenRecord token = saved(List.of(), now.minus(HOUR));
        SuccessorRule rule = rule(null);
        RefreshTokenRecord own = Fixtures.refreshToken(Fixtures.key(), token.grant().grantId(), now, DAY);
        RefreshRotation outcome = refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now,
                presented -> new Successors(own, null), rule);
        assertEquals(own, assertInstanceOf(RefreshRotation.Rotated.class, outcome).successor());
        assertEquals(own, refreshTokens.findRefreshToken(own.tokenHash(), now).orElseThrow());
        assertTrue(refreshTokens.findRefreshToken(rule.refreshHash(), now).isEmpty());
    }

    @Test
    void rotateWhenReusedThenReusedAndTheGrantRevoked() {
        RefreshTokenRecord token = saved();
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(token, rule(null), new AtomicInteger()));
        SuccessorRule again = rule(null);
        AtomicInteger calls = new AtomicInteger();
        assertInstanceOf(RefreshRotation.Reused.class, rotate(token, again, calls));
        assertEquals(0, calls.get(), "no successor is made for a reuse");
        assertTrue(storage.grants().isGrantRevoked(token.grant().grantId(), now));
        assertTrue(refreshTokens.findRefreshToken(again.refreshHash(), now).isEmpty());
        assertTrue(accessTokens.findAccessToken(again.accessHash(), now).isEmpty());
    }

    @Test
    void rotateWhenOtherClientOrUnknownThenNotFoundAndNothingChanges() {
        RefreshTokenRecord token = saved();
        SuccessorRule rule = rule(null);
        AtomicInteger calls = new AtomicInteger();
        assertSame(RefreshRotation.NOT_FOUND, refreshTokens.rotateAndIssue(token.tokenHash(), "client-2", now,
                now.plus(HOUR), refusingOutside(rule, calls), rule));
        assertSame(RefreshRotation.NOT_FOUND, refreshTokens.rotateAndIssue(Fixtures.key(), "client-1", now,
                now.plus(HOUR), refusingOutside(rule, calls), rule));
        assertEquals(0, calls.get());
        assertFalse(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated());
        assertTrue(refreshTokens.findRefreshToken(rule.refreshHash(), now).isEmpty());
    }

    @Test
    void rotateWhenGrantRevokedThenNotFound() {
        RefreshTokenRecord token = saved();
        storage.grants().revokeGrant(token.grant().grantId(), now.plus(DAY), now);
        SuccessorRule rule = rule(null);
        assertSame(RefreshRotation.NOT_FOUND, rotate(token, rule, new AtomicInteger()));
        assertTrue(accessTokens.findAccessToken(rule.accessHash(), now).isEmpty());
    }

    @Test
    void rotateWhenSubjectBlockedThenBlockedWhereTheStepJudgesIt() {
        RefreshTokenRecord token = saved();
        storage.subjectBlocks().block(subject, now.plus(HOUR), now);
        SuccessorRule rule = rule(null);
        RefreshRotation outcome = rotate(token, rule, new AtomicInteger());
        if (!judgesBlocksInStep()) {
            assertFalse(assertInstanceOf(RefreshRotation.Rotated.class, outcome).subjectChecked());
            return;
        }
        assertEquals(now.plus(HOUR), assertInstanceOf(RefreshRotation.Blocked.class, outcome).until());
        assertFalse(refreshTokens.findRefreshToken(token.tokenHash(), now).orElseThrow().rotated());
        assertTrue(accessTokens.findAccessToken(rule.accessHash(), now).isEmpty());
    }

    /** Where the store applies the rule, records other than the rule's are a defect it refuses to hand out. */
    @Test
    void rotateWhenTheFunctionDisagreesWithTheRuleThenRefusedWhereTheStepAppliesIt() {
        RefreshTokenRecord token = saved();
        SuccessorRule rule = rule(null);
        Function<RefreshTokenRecord, Successors> longer = presented -> {
            Successors s = rule.successors(presented, now);
            RefreshTokenRecord r = s.refreshToken();
            return new Successors(new RefreshTokenRecord(r.tokenHash(), r.grant(), r.issuedAt(),
                    r.expiresAt().plusSeconds(1), false, r.grantStartedAt()), s.accessToken());
        };
        if (!"postgresql".equals(backend().name())) {
            assertInstanceOf(RefreshRotation.Rotated.class, refreshTokens.rotateAndIssue(token.tokenHash(),
                    "client-1", now, now, longer, rule), "the rule is ignored here");
            return;
        }
        assertThrows(IllegalStateException.class,
                () -> refreshTokens.rotateAndIssue(token.tokenHash(), "client-1", now, now, longer, rule));
    }

    /** Callers on two storages of the same backend (two server instances) race for one token, each with its rule. */
    @Test
    void rotateWhenConcurrentOnTwoInstancesThenExactlyOneWinsAndOnlyItsTokensAreStored() throws Exception {
        // In memory, storage is one instance's by design: both callers' halves share it.
        boolean shared = !"memory".equals(backend().name());
        Storage second = shared ? backend().newStorage() : storage;
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < 10; round++) {
                RefreshTokenRecord token = saved();
                List<SuccessorRule> rules = IntStream.range(0, THREADS).mapToObj(i -> rule(null)).toList();
                // Reuse revokes nothing here, so that every token stored is still there to be counted.
                List<RefreshRotation> outcomes = race.run(i -> (i % 2 == 0 ? storage : second).refreshTokens()
                        .rotateAndIssue(token.tokenHash(), "client-1", now, now,
                                refusingOutside(rules.get(i), new AtomicInteger()), rules.get(i)));
                int won = 0;
                for (int i = 0; i < THREADS; i++) {
                    boolean rotated = outcomes.get(i) instanceof RefreshRotation.Rotated;
                    won += rotated ? 1 : 0;
                    assertTrue(rotated || outcomes.get(i) instanceof RefreshRotation.Reused, "round " + round);
                    String where = "round " + round + ", caller " + i;
                    assertEquals(rotated, refreshTokens.findRefreshToken(rules.get(i).refreshHash(), now).isPresent(),
                            where);
                    assertEquals(rotated, accessTokens.findAccessToken(rules.get(i).accessHash(), now).isPresent(),
                            where);
                }
                assertEquals(1, won, "round " + round);
            }
        } finally {
            if (shared) {
                second.close();
            }
        }
    }
}

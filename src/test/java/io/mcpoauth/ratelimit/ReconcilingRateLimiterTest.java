package io.mcpoauth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.ratelimit.RateLimiter.Check;
import io.mcpoauth.ratelimit.RateLimiter.Verdict;
import io.mcpoauth.ratelimit.SharedCounters.Delta;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Counts decided locally and reconciled with shared counters: what a request costs in calls, what a reconcile
 * sends, the overshoot of two instances, and every case where the shared store decides instead (no reconcile yet,
 * a stale or failed one, a full view). The clock is fixed and moved by hand; a reconcile runs when a test says.
 */
class ReconcilingRateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final FakeSharedCounters shared = new FakeSharedCounters(T0);

    private ReconcilingRateLimiter reconciled(Instant now) {
        ReconcilingRateLimiter limiter = new ReconcilingRateLimiter(shared, INTERVAL);
        limiter.reconcile(now);
        return limiter;
    }

    @Test
    void hitWhenKeyIsInTheViewThenDecidedWithoutACall() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        assertEquals(0, shared.calls, "an empty view reconciles without a call");
        assertEquals(0, limiter.hit("a:10.0.0.1", 5, MINUTE, T0));
        assertEquals(1, shared.calls, "a new key's shared count is read once");
        for (int i = 2; i <= 5; i++) {
            assertEquals(0, limiter.hit("a:10.0.0.1", 5, MINUTE, T0), "hit " + i);
        }
        assertEquals(60, limiter.hit("a:10.0.0.1", 5, MINUTE, T0), "the sixth is over the limit");
        assertEquals(1, shared.calls, "no call after the first");
        assertEquals(0, shared.count("a:10.0.0.1"), "nothing sent before the reconcile");
    }

    @Test
    void checkWhenKeysAreNewThenAllReadInOneCallAndTheRefusingPositionNamed() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        shared.hit("fc:app", Integer.MAX_VALUE, MINUTE, T0);
        shared.calls = 0;
        List<Check> checks = List.of(Check.hit("a:10.0.0.1", 10), Check.blocked("fa:10.0.0.1", 30),
                Check.blocked("fc:app", 1), Check.hit("c:app", 10));
        Verdict v = limiter.check(checks, MINUTE, T0);
        assertEquals(2, v.refusedBy(), "the failure counted elsewhere is read before the decision");
        assertEquals(1, shared.calls);
        assertEquals(List.of("a:10.0.0.1", "fa:10.0.0.1", "fc:app", "c:app"),
                shared.sent.get(0).stream().map(Delta::key).toList());
        assertTrue(shared.sent.get(0).stream().allMatch(d -> d.amount() == 0), "a read counts nothing");
        limiter.reconcile(T0.plusMillis(500));
        Map<String, Long> sent = lastSent();
        assertEquals(1L, sent.get("a:10.0.0.1"));
        assertEquals(0L, sent.get("c:app"), "nothing after the refusal is counted");
    }

    @Test
    void reconcileWhenCountsWereMadeThenOneCallSendsThemAndTheSharedTotalsAreLearned() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        for (int i = 0; i < 3; i++) {
            limiter.hit("c:app", 100, MINUTE, T0);
        }
        limiter.hit("c:svc", 100, MINUTE, T0);
        limiter.blocked("fa:10.0.0.1", 30, MINUTE, T0);
        shared.calls = 0;
        limiter.reconcile(T0.plusMillis(500));
        assertEquals(1, shared.calls, "one call for every key");
        assertEquals(Map.of("c:app", 3L, "c:svc", 1L, "fa:10.0.0.1", 0L), lastSent());
        assertEquals(3, shared.count("c:app"));
        // Another instance's counts, sent meanwhile, are in this one's view after its next reconcile.
        shared.add(List.of(new Delta("c:app", 96, MINUTE)));
        assertEquals(0, limiter.hit("c:app", 100, MINUTE, T0.plusMillis(600)), "3 + 1 counted here");
        limiter.reconcile(T0.plusMillis(1000));
        assertEquals(100, shared.count("c:app"));
        assertTrue(limiter.hit("c:app", 100, MINUTE, T0.plusMillis(1100)) > 0, "101 is over");
        limiter.reconcile(T0.plusMillis(1500));
        assertEquals(Map.of("c:app", 1L, "c:svc", 0L, "fa:10.0.0.1", 0L), lastSent(), "a refused hit is counted");
    }

    /**
     * Two instances, each taking four requests a reconcile interval on one key with a limit of ten, reconciling on
     * time: together they accept the limit and one interval of the other's requests, and then both refuse.
     */
    @Test
    void hitWhenTwoInstancesShareACounterThenOvershootIsBoundedByTheOthersInterval() {
        ReconcilingRateLimiter a = reconciled(T0);
        ReconcilingRateLimiter b = reconciled(T0);
        int limit = 10;
        int perInterval = 4;
        int accepted = 0;
        for (int round = 1; round <= 4; round++) {
            Instant now = T0.plus(INTERVAL.multipliedBy(round));
            for (ReconcilingRateLimiter instance : List.of(a, b)) {
                for (int i = 0; i < perInterval; i++) {
                    accepted += instance.hit("c:app", limit, MINUTE, now) == 0 ? 1 : 0;
                }
            }
            a.reconcile(now.plusMillis(250));
            b.reconcile(now.plusMillis(250));
        }
        int instances = 2;
        assertTrue(accepted <= limit + (instances - 1) * 2 * perInterval, "accepted " + accepted);
        assertEquals(limit + perInterval, accepted, "the limit and one interval of the other instance");
        Instant later = T0.plus(INTERVAL.multipliedBy(6));
        assertTrue(a.hit("c:app", limit, MINUTE, later) > 0);
        assertTrue(b.hit("c:app", limit, MINUTE, later) > 0);
    }

    @Test
    void hitWhenOneInstanceAloneThenNeverOverTheLimit() {
        ReconcilingRateLimiter a = reconciled(T0);
        int accepted = 0;
        for (int round = 1; round <= 5; round++) {
            Instant now = T0.plus(INTERVAL.multipliedBy(round));
            for (int i = 0; i < 7; i++) {
                accepted += a.hit("r:10.0.0.1", 20, MINUTE, now) == 0 ? 1 : 0;
            }
            a.reconcile(now.plusMillis(250));
        }
        assertEquals(20, accepted);
    }

    @Test
    void failureWhenCountedThenSentAtOnceAndSeenByThisInstanceAtOnceAndByAnotherAfterItsReconcile() {
        ReconcilingRateLimiter a = reconciled(T0);
        ReconcilingRateLimiter b = reconciled(T0);
        Check lockout = Check.blocked("fk:app|10.0.0.1", 2);
        assertTrue(a.check(List.of(lockout), MINUTE, T0).passed());
        assertTrue(b.check(List.of(lockout), MINUTE, T0).passed());
        for (int i = 0; i < 2; i++) {
            shared.calls = 0;
            a.check(List.of(Check.hit("fa:10.0.0.1", Integer.MAX_VALUE),
                    Check.hit("fk:app|10.0.0.1", Integer.MAX_VALUE)), MINUTE, T0);
            assertEquals(1, shared.calls, "the failure's counters are written at once, in one call");
        }
        assertEquals(2, shared.count("fk:app|10.0.0.1"));
        shared.calls = 0;
        assertEquals(0, a.check(List.of(lockout), MINUTE, T0).refusedBy(), "locked here at once");
        assertTrue(b.check(List.of(lockout), MINUTE, T0).passed(), "the other instance sees it at its reconcile");
        assertEquals(0, shared.calls, "lockout reads are local");
        b.reconcile(T0.plusMillis(500));
        assertEquals(0, b.check(List.of(lockout), MINUTE, T0.plusMillis(500)).refusedBy());
        a.reconcile(T0.plusMillis(500));
        assertEquals(0L, lastSent().get("fk:app|10.0.0.1"), "a failure is never sent twice");
        assertEquals(2, shared.count("fk:app|10.0.0.1"));
    }

    @Test
    void rateLimitsWhenAClientKeepsCallingThenNoCallsAndAFailedAuthenticationIsOneAndLocksAtOnce() {
        RateLimits limits = new RateLimits(reconciled(T0), RateLimitSettings.load(
                ConfigSource.of(Map.of("mcp.oauth.rate-limit.auth-failures-per-client", "2"))));
        limits.clientRequest("rs", "192.0.2.1", T0);
        limits.clientAuthenticated("rs", false, "192.0.2.1", T0);
        assertEquals(2, shared.calls, "the caller's counters read once: five, then the client's");
        shared.calls = 0;
        for (int i = 0; i < 100; i++) {
            assertFalse(limits.clientRequest("rs", "192.0.2.1", T0).active());
            limits.clientAuthenticated("rs", false, "192.0.2.1", T0);
        }
        assertEquals(0, shared.calls);
        limits.authenticationFailed("rs", "192.0.2.9", T0);
        limits.authenticationFailed("rs", "192.0.2.9", T0);
        assertEquals(2, shared.calls, "one call per failure, for its three counters");
        assertEquals(2, shared.count("fk:rs|192.0.2.9"));
        assertTrue(limits.clientRequest("rs", "192.0.2.9", T0).active(), "locked here at once");
        assertFalse(limits.clientRequest("rs", "192.0.2.1", T0).active(), "not where the client authenticated");
    }

    @Test
    void checkWhenNeverReconciledThenTheSharedStoreDecides() {
        ReconcilingRateLimiter limiter = new ReconcilingRateLimiter(shared, INTERVAL);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        assertEquals(2, shared.calls);
        assertEquals(2, shared.count("a:10.0.0.1"), "counted in the shared store at once");
        assertEquals(0, limiter.viewSize());
    }

    @Test
    void checkWhenTheLastReconcileIsTooOldThenTheSharedStoreDecides() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        shared.calls = 0;
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0.plus(INTERVAL.multipliedBy(2)));
        assertEquals(0, shared.calls, "two intervals old: still used");
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0.plus(INTERVAL.multipliedBy(2)).plusMillis(1));
        assertEquals(1, shared.calls, "older: the shared store decides");
        assertEquals(1, shared.count("a:10.0.0.1"));
    }

    @Test
    void checkWhenTheReconcileFailedThenTheSharedStoreDecidesAndFailsClosedWhileRedisIsDown() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        shared.down = true;
        limiter.reconcile(T0.plusMillis(500));
        assertThrows(StorageUnavailableException.class, () -> limiter.hit("a:10.0.0.1", 5, MINUTE,
                T0.plusMillis(600)));
        shared.down = false;
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0.plusMillis(700));
        assertEquals(1, shared.count("a:10.0.0.1"), "counts whose reconcile failed are not sent again");
        limiter.reconcile(T0.plusMillis(1000));
        shared.calls = 0;
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0.plusMillis(1100));
        assertEquals(0, shared.calls, "decided here again after a reconcile succeeded");
    }

    @Test
    void checkWhenANewKeyCannotBeReadThenRefusedWith503AsBefore() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        shared.down = true;
        assertThrows(StorageUnavailableException.class, () -> limiter.hit("a:10.0.0.1", 5, MINUTE, T0));
    }

    @Test
    void checkWhenTheViewIsFullThenANewKeyGoesToTheSharedStore() {
        ReconcilingRateLimiter limiter = new ReconcilingRateLimiter(shared, INTERVAL, 2);
        limiter.reconcile(T0);
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        limiter.hit("a:10.0.0.2", 5, MINUTE, T0);
        shared.calls = 0;
        for (int i = 0; i < 3; i++) {
            limiter.hit("a:10.0.0.3", 2, MINUTE, T0);
        }
        assertEquals(3, shared.calls, "each a round trip, as before");
        assertEquals(3, shared.count("a:10.0.0.3"));
        assertTrue(limiter.hit("a:10.0.0.3", 2, MINUTE, T0) > 0, "still limited");
        assertEquals(2, limiter.viewSize());
        shared.calls = 0;
        limiter.hit("a:10.0.0.1", 5, MINUTE, T0);
        assertEquals(0, shared.calls, "keys in the view are still decided here");
    }

    @Test
    void hitWhenTheWindowEndsThenCountingStartsAgain() {
        Duration window = Duration.ofSeconds(2);
        String key = "z:10.0.0.1";
        ReconcilingRateLimiter limiter = reconciled(T0);
        limiter.hit(key, 2, window, T0);
        limiter.hit(key, 2, window, T0);
        reconcileAt(limiter, 500);
        assertEquals(2, limiter.hit(key, 2, window, T0.plusMillis(900)), "the window began when Redis counted");
        reconcileAt(limiter, 1000);
        reconcileAt(limiter, 1500);
        reconcileAt(limiter, 2000);
        assertTrue(limiter.hit(key, 2, window, T0.plusMillis(2400)) > 0);
        Instant next = T0.plusMillis(2500);
        assertEquals(0, limiter.hit(key, 2, window, next), "a new window");
        assertEquals(0, limiter.hit(key, 2, window, next));
        assertTrue(limiter.hit(key, 2, window, next) > 0);
        reconcileAt(limiter, 2600);
        assertEquals(3, shared.count(key), "the new window's counts; the old window's last, unsent, dropped");
    }

    @Test
    void reconcileWhenAKeyWasUnusedForTwentyIntervalsThenItLeavesTheView() {
        ReconcilingRateLimiter limiter = reconciled(T0);
        limiter.hit("a:10.0.0.1", 100, MINUTE, T0);
        limiter.hit("a:10.0.0.2", 100, MINUTE, T0);
        for (int i = 1; i <= ReconcilingRateLimiter.IDLE_INTERVALS; i++) {
            Instant now = T0.plus(INTERVAL.multipliedBy(i));
            limiter.hit("a:10.0.0.2", 100, MINUTE, now);
            limiter.reconcile(now);
        }
        assertEquals(1, limiter.viewSize());
        assertEquals(1 + ReconcilingRateLimiter.IDLE_INTERVALS, shared.count("a:10.0.0.2"));
        assertEquals(1, shared.count("a:10.0.0.1"), "sent before it left");
    }

    @Test
    void constructorWhenIntervalIsNotPositiveThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReconcilingRateLimiter(shared, Duration.ZERO));
        assertFalse(RateLimits.countsFailures("ok:app|10.0.0.1"), "a request count is decided locally");
        assertTrue(RateLimits.countsFailures("fx:10.0.0.1"));
    }

    /** A reconcile {@code millis} after T0, the shared store's clock moved there first. */
    private void reconcileAt(ReconcilingRateLimiter limiter, long millis) {
        shared.now = T0.toEpochMilli() + millis;
        limiter.reconcile(T0.plusMillis(millis));
    }

    private Map<String, Long> lastSent() {
        return shared.sent.get(shared.sent.size() - 1).stream()
                .collect(Collectors.toMap(Delta::key, Delta::amount));
    }
}

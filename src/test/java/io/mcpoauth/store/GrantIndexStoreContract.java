package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link GrantIndexStore} contract (live grants by subject and by client), run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class GrantIndexStoreContract extends StorageContract {

    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private GrantIndexStore grants;

    @BeforeEach
    void open() {
        grants = storage.grantIndex();
    }

    private static String id() {
        return "g-" + Fixtures.key();
    }

    /** Records n grants of the subject and client, each live for its lifetime, and returns their ids sorted. */
    private List<String> recordMany(int n, String clientId, String subject, Instant now, Duration lifetime) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GrantSummary g = Fixtures.grant(id(), clientId, subject, now, lifetime);
            grants.record(g, now);
            ids.add(g.grantId());
        }
        ids.sort(null);
        return ids;
    }

    /** Walks every page from the start, checking each respects the limit; @return the ids in order seen */
    private static List<String> walk(Function<String, Page<GrantSummary>> page, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            Page<GrantSummary> p = page.apply(cursor);
            assertTrue(p.items().size() <= limit, "page of " + p.items().size() + " over the limit " + limit);
            p.items().forEach(g -> seen.add(g.grantId()));
            if (p.next() == null) {
                return seen;
            }
            assertEquals(limit, p.items().size(), "a page followed by another is full");
            assertEquals(p.items().get(p.items().size() - 1).grantId(), p.next(), "the cursor is the last id");
            cursor = p.next();
        }
        throw new AssertionError("the pages never end");
    }

    @Test
    void findWhenRecordedThenEqualSummary() {
        Instant now = Fixtures.now();
        GrantSummary g = new GrantSummary(id(), "client-" + Fixtures.key(), "alice-" + Fixtures.key(),
                Scope.parse("mcp:tools mcp:read offline_access"),
                List.of("https://mcp.example.com/mcp", "https://other.example.com"), now.minusSeconds(60), now,
                now.plus(THIRTY_DAYS));
        grants.record(g, now);
        assertEquals(Optional.of(g), grants.find(g.grantId(), now));
        assertEquals(Optional.of(g), grants.find(g.grantId(), g.expiresAt().minusMillis(1)));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), grants.find(id(), Fixtures.now()));
    }

    @Test
    void findWhenNoResourcesThenEmptyList() {
        Instant now = Fixtures.now();
        GrantSummary g = new GrantSummary(id(), "client-1", "svc-" + Fixtures.key(), Scope.EMPTY, List.of(), now, now,
                now.plus(ONE_HOUR));
        grants.record(g, now);
        assertEquals(Optional.of(g), grants.find(g.grantId(), now));
    }

    /** A refresh replaces the grant: last use, narrowed scope and resources, new expiry; it is listed once. */
    @Test
    void recordWhenSameGrantAgainThenReplacedAndListedOnce() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        GrantSummary first = Fixtures.grant(id(), client, subject, now, ONE_HOUR);
        long before = grants.count(now);
        grants.record(first, now);
        Instant later = now.plusSeconds(600);
        GrantSummary refreshed = new GrantSummary(first.grantId(), client, subject, Scope.of("mcp:tools"), List.of(),
                now, later, later.plus(THIRTY_DAYS));
        grants.record(refreshed, later);
        assertEquals(Optional.of(refreshed), grants.find(first.grantId(), later));
        assertEquals(Optional.of(refreshed), grants.find(first.grantId(), now.plus(ONE_HOUR)),
                "kept until the new expiry");
        assertEquals(List.of(refreshed), grants.bySubject(subject, null, 10, later).items());
        assertEquals(List.of(refreshed), grants.byClient(client, null, 10, later).items());
        assertEquals(before + 1, grants.count(later));
    }

    @Test
    void recordWhenAlreadyExpiredThenRemovedAndNotFound() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        GrantSummary g = Fixtures.grant(id(), "client-1", subject, now, ONE_HOUR);
        grants.record(g, now);
        Instant later = now.plusSeconds(60);
        grants.record(new GrantSummary(g.grantId(), g.clientId(), subject, g.scope(), g.resources(), now, later,
                later), later);
        assertEquals(Optional.empty(), grants.find(g.grantId(), later));
        assertEquals(Optional.empty(), grants.find(g.grantId(), now), "removed, not just hidden");
        assertEquals(List.of(), grants.bySubject(subject, null, 10, now).items());
    }

    @Test
    void bySubjectWhenManyThenPagesInIdOrderWithoutGapsOrDuplicates() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        List<String> ids = recordMany(23, "client-" + Fixtures.key(), subject, now, ONE_HOUR);
        recordMany(3, "client-1", "bob-" + Fixtures.key(), now, ONE_HOUR);
        for (int limit : new int[] {1, 5, 7, 23, 100}) {
            int l = limit;
            assertEquals(ids, walk(after -> grants.bySubject(subject, after, l, now), limit), "limit " + limit);
        }
        Page<GrantSummary> all = grants.bySubject(subject, null, 23, now);
        assertEquals(23, all.items().size());
        assertNull(all.next(), "nothing follows the last grant");
        assertTrue(all.items().stream().allMatch(g -> g.subject().equals(subject)));
    }

    @Test
    void byClientWhenManyThenPagesInIdOrderWithoutGapsOrDuplicates() {
        Instant now = Fixtures.now();
        String client = "client-" + Fixtures.key();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.addAll(recordMany(4, client, "user" + i + "-" + Fixtures.key(), now, ONE_HOUR));
        }
        ids.sort(null);
        recordMany(3, "client-" + Fixtures.key(), "bob-" + Fixtures.key(), now, ONE_HOUR);
        assertEquals(ids, walk(after -> grants.byClient(client, after, 3, now), 3));
        assertEquals(ids, walk(after -> grants.byClient(client, after, 16, now), 16));
        assertTrue(grants.byClient(client, null, 100, now).items().stream().allMatch(g -> g.clientId().equals(client)));
    }

    @Test
    void bySubjectWhenOwnersShareAPrefixThenEachSeesOnlyItsOwn() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        List<String> mine = recordMany(2, "client-1", subject, now, ONE_HOUR);
        List<String> longer = recordMany(2, "client-1", subject + "x", now, ONE_HOUR);
        assertEquals(mine, walk(after -> grants.bySubject(subject, after, 10, now), 10));
        assertEquals(longer, walk(after -> grants.bySubject(subject + "x", after, 10, now), 10));
        assertEquals(List.of(), grants.bySubject(subject.substring(0, subject.length() - 1), null, 10, now).items());
    }

    /** A grant removed between two pages leaves no gap: its id still works as a cursor. */
    @Test
    void bySubjectWhenCursorGrantRemovedThenNextPageContinuesAfterIt() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        List<String> ids = recordMany(6, "client-1", subject, now, ONE_HOUR);
        Page<GrantSummary> first = grants.bySubject(subject, null, 3, now);
        assertEquals(ids.get(2), first.next());
        assertTrue(grants.remove(ids.get(2), now));
        assertEquals(ids.subList(3, 6), grants.bySubject(subject, first.next(), 3, now).items().stream()
                .map(GrantSummary::grantId).toList());
    }

    /** Grants expired at now are skipped and pages stay full, even when many expired lie between live ones. */
    @Test
    void bySubjectWhenSomeExpiredThenSkippedAndPagesFull() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        List<String> live = recordMany(7, client, subject, now, THIRTY_DAYS);
        recordMany(25, client, subject, now, ONE_HOUR);
        Instant later = now.plus(ONE_HOUR);
        assertEquals(live, walk(after -> grants.bySubject(subject, after, 2, later), 2));
        assertEquals(live, walk(after -> grants.byClient(client, after, 3, later), 3));
        assertEquals(7, grants.bySubject(subject, null, 7, later).items().size());
    }

    @Test
    void bySubjectWhenLimitNotPositiveThenIllegalArgumentAndWhenHugeThenCapped() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        assertThrows(IllegalArgumentException.class, () -> grants.bySubject(subject, null, 0, now));
        assertThrows(IllegalArgumentException.class, () -> grants.byClient("client-1", null, -1, now));
        List<String> ids = recordMany(3, "client-1", subject, now, ONE_HOUR);
        assertEquals(3, grants.bySubject(subject, null, Integer.MAX_VALUE, now).items().size());
        assertEquals(ids, walk(after -> grants.bySubject(subject, after, Integer.MAX_VALUE, now), Page.MAX_LIMIT));
    }

    @Test
    void bySubjectWhenUnknownThenEmptyPage() {
        Page<GrantSummary> p = grants.bySubject("nobody-" + Fixtures.key(), null, 10, Fixtures.now());
        assertEquals(List.of(), p.items());
        assertNull(p.next());
    }

    @Test
    void removeWhenPresentThenTrueOnceAndGoneFromListings() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        List<String> ids = recordMany(3, client, subject, now, ONE_HOUR);
        long before = grants.count(now);
        assertTrue(grants.remove(ids.get(1), now));
        assertFalse(grants.remove(ids.get(1), now));
        assertEquals(Optional.empty(), grants.find(ids.get(1), now));
        assertEquals(List.of(ids.get(0), ids.get(2)), walk(after -> grants.bySubject(subject, after, 10, now), 10));
        assertEquals(List.of(ids.get(0), ids.get(2)), walk(after -> grants.byClient(client, after, 10, now), 10));
        assertEquals(before - 1, grants.count(now));
    }

    @Test
    void removeWhenUnknownThenFalse() {
        assertFalse(grants.remove(id(), Fixtures.now()));
    }

    @Test
    void countWhenRecordedThenOneMoreEachAndExpiredNotCounted() {
        Instant now = Fixtures.now();
        long before = grants.count(now);
        recordMany(2, "client-1", "alice-" + Fixtures.key(), now, ONE_HOUR);
        assertEquals(before + 2, grants.count(now));
        Instant later = now.plus(ONE_HOUR);
        long liveLater = grants.count(later);
        assertTrue(liveLater <= before, "the two expired with their hour: " + liveLater + " > " + before);
    }

    @Test
    void purgeWhenExpiredThenGoneAndLiveOnesStay() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        List<String> dead = recordMany(2, "client-1", subject, now, Duration.ofSeconds(1));
        List<String> live = recordMany(2, "client-1", subject, now, ONE_HOUR);
        Instant later = now.plusSeconds(2);
        storage.purgeExpired(later);
        assertEquals(live, walk(after -> grants.bySubject(subject, after, 10, later), 10));
        assertEquals(Optional.empty(), grants.find(dead.get(0), later));
        assertFalse(grants.remove(dead.get(1), later));
    }

    /**
     * Ten years before or after the wall clock, a grant is found, listed, counted and removed as live until its
     * expiry and never after it, judged at the given now alone.
     */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void findListCountRemoveWhenNowFarFromWallClockThenExpiryJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        String subject = "alice-" + Fixtures.key();
        String client = "client-" + Fixtures.key();
        GrantSummary g = Fixtures.grant(id(), client, subject, now, ONE_HOUR);
        GrantSummary removed = Fixtures.grant(id(), client, subject, now, ONE_HOUR);
        long before = grants.count(now);
        grants.record(g, now);
        grants.record(removed, now);
        Instant last = now.plus(ONE_HOUR).minusMillis(1);
        assertEquals(Optional.of(g), grants.find(g.grantId(), last));
        assertEquals(2, grants.bySubject(subject, null, 10, last).items().size());
        assertEquals(before + 2, grants.count(now));
        assertTrue(grants.remove(removed.grantId(), last));
        Instant expired = now.plus(ONE_HOUR);
        assertEquals(Optional.empty(), grants.find(g.grantId(), expired));
        assertEquals(List.of(), grants.bySubject(subject, null, 10, expired).items());
        assertEquals(List.of(), grants.byClient(client, null, 10, expired).items());
        assertFalse(grants.remove(g.grantId(), expired), "an expired grant is not removed as live");
        assertEquals(Optional.empty(), grants.find(g.grantId(), now));
    }

    /**
     * Many threads remove the same grants at once, half of them through a second storage on the same namespace
     * (a second server instance; the in-memory backend is one instance by design): exactly one removal wins.
     */
    @Test
    void removeWhenConcurrentAcrossTwoInstancesThenExactlyOneTrue() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS / 4; round++) {
                Instant now = Fixtures.now();
                String subject = "alice-" + Fixtures.key();
                List<String> ids = recordMany(KEYS_PER_ROUND, "client-1", subject, now, ONE_HOUR);
                List<List<Boolean>> results = race.run(i -> ids.stream()
                        .map(id -> (i % 2 == 0 ? storage : second).grantIndex().remove(id, now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    assertEquals(1, results.stream().filter(r -> r.get(key)).count(), "round " + round + ", grant " + k);
                }
                assertEquals(List.of(), grants.bySubject(subject, null, 10, now).items());
            }
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }

    /** Refreshes of one grant racing on two instances leave it listed once, as one of the refreshes wrote it. */
    @Test
    void recordWhenConcurrentReplacementsThenOneEntry() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(8)) {
            Instant now = Fixtures.now();
            String subject = "alice-" + Fixtures.key();
            GrantSummary g = Fixtures.grant(id(), "client-1", subject, now, ONE_HOUR);
            Set<GrantSummary> written = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                written.add(new GrantSummary(g.grantId(), g.clientId(), subject, g.scope(), g.resources(), now,
                        now.plusSeconds(i), now.plus(ONE_HOUR).plusSeconds(i)));
            }
            List<GrantSummary> each = List.copyOf(written);
            race.run(i -> {
                (i % 2 == 0 ? storage : second).grantIndex().record(each.get(i), now);
                return null;
            });
            List<GrantSummary> listed = grants.bySubject(subject, null, 10, now).items();
            assertEquals(1, listed.size());
            assertTrue(written.contains(listed.get(0)));
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }
}

package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link UsedIdStore} contract (a jti used once until it expires), run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class UsedIdStoreContract extends StorageContract {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void markUsedWhenFirstThenTrueAndEveryLaterUseUntilExpiryFalse() {
        Instant now = Fixtures.now();
        String id = Fixtures.key();
        Instant until = now.plus(FIVE_MINUTES);
        assertTrue(storage.usedIds().markUsed(id, until, now));
        assertFalse(storage.usedIds().markUsed(id, until, now));
        assertFalse(storage.usedIds().markUsed(id, until.plusSeconds(60), now.plusSeconds(1)), "a longer life too");
        assertFalse(storage.usedIds().markUsed(id, until, until.minusMillis(1)));
    }

    @Test
    void markUsedWhenTheEarlierUseHasExpiredThenTrueAgain() {
        Instant now = Fixtures.now();
        String id = Fixtures.key();
        assertTrue(storage.usedIds().markUsed(id, now.plus(FIVE_MINUTES), now));
        Instant later = now.plus(FIVE_MINUTES);
        assertTrue(storage.usedIds().markUsed(id, later.plus(FIVE_MINUTES), later));
        assertFalse(storage.usedIds().markUsed(id, later.plus(FIVE_MINUTES), later.plusSeconds(1)));
    }

    @Test
    void markUsedWhenAlreadyExpiredAtNowThenFalseAndNothingKept() {
        Instant now = Fixtures.now();
        String id = Fixtures.key();
        assertFalse(storage.usedIds().markUsed(id, now, now), "single use can no longer be guaranteed");
        assertFalse(storage.usedIds().markUsed(id, now.minusSeconds(1), now));
        assertTrue(storage.usedIds().markUsed(id, now.plus(FIVE_MINUTES), now), "nothing was recorded");
    }

    @Test
    void markUsedWhenDifferentIdsThenEachOnce() {
        Instant now = Fixtures.now();
        String a = Fixtures.key();
        String b = Fixtures.key();
        assertTrue(storage.usedIds().markUsed(a, now.plus(FIVE_MINUTES), now));
        assertTrue(storage.usedIds().markUsed(b, now.plus(FIVE_MINUTES), now));
    }

    @Test
    void purgeWhenExpiredThenTheIdCanBeUsedAgainAndLiveOnesStay() {
        Instant now = Fixtures.now();
        String dead = Fixtures.key();
        String live = Fixtures.key();
        assertTrue(storage.usedIds().markUsed(dead, now.plusSeconds(1), now));
        assertTrue(storage.usedIds().markUsed(live, now.plus(FIVE_MINUTES), now));
        Instant later = now.plusSeconds(2);
        storage.purgeExpired(later);
        assertTrue(storage.usedIds().markUsed(dead, later.plus(FIVE_MINUTES), later));
        assertFalse(storage.usedIds().markUsed(live, now.plus(FIVE_MINUTES), later));
    }

    /** Ten years before or after the wall clock, an id is used once for exactly its time from the given now. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void markUsedWhenNowFarFromWallClockThenOnceUntilItsTime(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        String id = Fixtures.key();
        assertTrue(storage.usedIds().markUsed(id, now.plus(FIVE_MINUTES), now));
        assertFalse(storage.usedIds().markUsed(id, now.plus(FIVE_MINUTES), now.plus(FIVE_MINUTES).minusMillis(1)));
    }

    /**
     * Many threads use the same ids at once, half of them through a second storage on the same namespace (a
     * second server instance; the in-memory backend is one instance by design): exactly one use of each wins.
     */
    @Test
    void markUsedWhenConcurrentAcrossTwoInstancesThenExactlyOneTrue() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS; round++) {
                Instant now = Fixtures.now();
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    ids.add(Fixtures.key());
                }
                List<List<Boolean>> results = race.run(i -> ids.stream()
                        .map(id -> (i % 2 == 0 ? storage : second).usedIds().markUsed(id, now.plus(FIVE_MINUTES),
                                now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    assertEquals(1, results.stream().filter(r -> r.get(key)).count(), "round " + round + ", id " + k);
                }
            }
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }
}

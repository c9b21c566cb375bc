package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@link SubjectBlockStore} contract (subjects refused until a time), run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class SubjectBlockStoreContract extends StorageContract {

    private static final Duration ONE_DAY = Duration.ofDays(1);

    private SubjectBlockStore blocks;

    @BeforeEach
    void open() {
        blocks = storage.subjectBlocks();
    }

    private static String subject() {
        return "alice-" + Fixtures.key();
    }

    @Test
    void blockedUntilWhenBlockedThenItsEndUntilThen() {
        Instant now = Fixtures.now();
        String s = subject();
        Instant until = now.plus(ONE_DAY);
        blocks.block(s, until, now);
        assertEquals(Optional.of(until), blocks.blockedUntil(s, now));
        assertEquals(Optional.of(until), blocks.blockedUntil(s, until.minusMillis(1)));
        assertEquals(Optional.empty(), blocks.blockedUntil(s, until));
        assertEquals(Optional.empty(), blocks.blockedUntil(subject(), now), "another subject");
    }

    @Test
    void blockWhenAlreadyBlockedThenNewEndReplacesEvenAnEarlierOne() {
        Instant now = Fixtures.now();
        String s = subject();
        blocks.block(s, now.plus(ONE_DAY), now);
        blocks.block(s, now.plus(ONE_DAY.multipliedBy(30)), now);
        assertEquals(Optional.of(now.plus(ONE_DAY.multipliedBy(30))), blocks.blockedUntil(s, now));
        blocks.block(s, now.plusSeconds(60), now);
        assertEquals(Optional.of(now.plusSeconds(60)), blocks.blockedUntil(s, now));
        assertEquals(Optional.empty(), blocks.blockedUntil(s, now.plusSeconds(60)));
    }

    @Test
    void blockWhenUntilNotAfterNowThenExistingBlockLifted() {
        Instant now = Fixtures.now();
        String s = subject();
        blocks.block(s, now.plus(ONE_DAY), now);
        blocks.block(s, now, now);
        assertEquals(Optional.empty(), blocks.blockedUntil(s, now));
        assertFalse(blocks.unblock(s, now));
        blocks.block(s, now.minusSeconds(1), now);
        assertEquals(Optional.empty(), blocks.blockedUntil(s, now));
    }

    @Test
    void unblockWhenBlockedThenTrueOnceAndLifted() {
        Instant now = Fixtures.now();
        String s = subject();
        blocks.block(s, now.plus(ONE_DAY), now);
        assertTrue(blocks.unblock(s, now));
        assertFalse(blocks.unblock(s, now));
        assertEquals(Optional.empty(), blocks.blockedUntil(s, now));
        assertFalse(blocks.unblock(subject(), now), "never blocked");
    }

    @Test
    void purgeWhenEndedThenGoneAndLiveOnesStay() {
        Instant now = Fixtures.now();
        String ended = subject();
        String live = subject();
        blocks.block(ended, now.plusSeconds(1), now);
        blocks.block(live, now.plus(ONE_DAY), now);
        Instant later = now.plusSeconds(2);
        storage.purgeExpired(later);
        assertEquals(Optional.empty(), blocks.blockedUntil(ended, later));
        assertEquals(Optional.of(now.plus(ONE_DAY)), blocks.blockedUntil(live, later));
    }

    /** Ten years before or after the wall clock, a block holds for exactly its time from the given now. */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void blockWhenNowFarFromWallClockThenJudgedAtTheGivenNow(long days) {
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        String s = subject();
        String lifted = subject();
        Instant until = now.plus(ONE_DAY);
        blocks.block(s, until, now);
        blocks.block(lifted, until, now);
        assertEquals(Optional.of(until), blocks.blockedUntil(s, until.minusMillis(1)));
        assertEquals(Optional.empty(), blocks.blockedUntil(s, until));
        assertFalse(blocks.unblock(s, until), "an ended block is not lifted as live");
        assertTrue(blocks.unblock(lifted, until.minusMillis(1)));
    }

    /** Many threads lift the same blocks at once, half through a second instance: exactly one lift wins. */
    @Test
    void unblockWhenConcurrentAcrossTwoInstancesThenExactlyOneTrue() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS / 4; round++) {
                Instant now = Fixtures.now();
                List<String> subjects = new ArrayList<>();
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    subjects.add(subject());
                    blocks.block(subjects.get(k), now.plus(ONE_DAY), now);
                }
                List<List<Boolean>> results = race.run(i -> subjects.stream()
                        .map(s -> (i % 2 == 0 ? storage : second).subjectBlocks().unblock(s, now)).toList());
                for (int k = 0; k < KEYS_PER_ROUND; k++) {
                    int key = k;
                    assertEquals(1, results.stream().filter(r -> r.get(key)).count(), "round " + round + ", subject " + k);
                }
            }
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }
}

package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link SigningKeyStore} contract (one key per rotation slot, across instances), run against every backend. */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class SigningKeyStoreContract extends StorageContract {

    private static final Duration SIGNS = Duration.ofDays(30);
    private static final Duration KEPT = Duration.ofHours(2);

    /** A slot of its own, so tests sharing the namespace never meet. */
    private static Instant slot() {
        return Fixtures.now().plusMillis(ThreadLocalRandom.current().nextLong(1, 1L << 40));
    }

    private static StoredSigningKey key(Instant slot, String kid) {
        return new StoredSigningKey(slot, kid, "ES256", slot.plus(SIGNS), slot.plus(SIGNS).plus(KEPT),
                "sealed." + kid + "." + "x".repeat(300));
    }

    @Test
    void putIfAbsentWhenSlotEmptyThenStoredWhole() {
        Instant slot = slot();
        StoredSigningKey k = key(slot, Fixtures.key());
        assertEquals(k, storage.signingKeys().putIfAbsent(k, slot));
        assertEquals(List.of(k), inSlot(storage, slot, slot));
    }

    @Test
    void putIfAbsentWhenSlotTakenThenFirstKeyKeptAndAnswered() {
        Instant slot = slot();
        StoredSigningKey first = key(slot, Fixtures.key());
        StoredSigningKey second = key(slot, Fixtures.key());
        storage.signingKeys().putIfAbsent(first, slot);
        assertEquals(first, storage.signingKeys().putIfAbsent(second, slot.plusSeconds(1)));
        assertEquals(first, storage.signingKeys().putIfAbsent(first, slot.plusSeconds(2)), "repeatable");
        assertEquals(List.of(first), inSlot(storage, slot, slot));
    }

    @Test
    void listWhenKeysExpireThenOnlyLiveOnesBySlot() {
        try (Storage empty = backend().newEmptyStorage()) {
            Instant t = Fixtures.now();
            StoredSigningKey late = key(t.plus(SIGNS), "late");
            StoredSigningKey early = key(t, "early");
            empty.signingKeys().putIfAbsent(late, t);
            empty.signingKeys().putIfAbsent(early, t);
            assertEquals(List.of(early, late), empty.signingKeys().list(t));
            Instant earlyGone = early.expiresAt();
            assertEquals(List.of(late), empty.signingKeys().list(earlyGone));
            empty.purgeExpired(earlyGone);
            assertEquals(List.of(late), empty.signingKeys().list(earlyGone));
            assertEquals(List.of(), empty.signingKeys().list(late.expiresAt()));
        }
    }

    /**
     * Many threads create the key of the same slot at once, half through a second storage on the same namespace
     * (a second server instance): one key is stored, and every thread is answered with it.
     */
    @Test
    void putIfAbsentWhenConcurrentAcrossTwoInstancesThenOneKeyForAll() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(THREADS)) {
            for (int round = 0; round < ROUNDS / 10; round++) {
                Instant slot = slot();
                List<StoredSigningKey> answers = race.run(i -> (i % 2 == 0 ? storage : second).signingKeys()
                        .putIfAbsent(key(slot, "k" + i + "-" + Fixtures.key()), slot));
                StoredSigningKey winner = answers.get(0);
                assertTrue(winner.kid().startsWith("k"), winner.kid());
                answers.forEach(a -> assertEquals(winner, a));
                assertEquals(List.of(winner), inSlot(second, slot, slot));
                assertEquals(List.of(winner), inSlot(storage, slot, slot));
            }
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }

    private static List<StoredSigningKey> inSlot(Storage s, Instant slot, Instant now) {
        return s.signingKeys().list(now).stream().filter(k -> k.signsFrom().equals(slot)).toList();
    }
}

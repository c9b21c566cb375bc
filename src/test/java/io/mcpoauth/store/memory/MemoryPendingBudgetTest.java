package io.mcpoauth.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.Scope;
import io.mcpoauth.server.MutableClock;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anonymous pending requests cannot take the room that tokens need. */
class MemoryPendingBudgetTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static PendingAuthorization bulky(int i, Instant expiresAt) {
        return new PendingAuthorization("id-" + i, "client", "http://127.0.0.1/cb", Scope.of("s"), List.of(), "x".repeat(1024),
                "c".repeat(43), expiresAt);
    }

    /** Regression: a flood of pending requests with large state values filled the store every write shares. */
    @Test
    void saveWhenPendingBudgetSpentThenRefusedWhileTokensStillStored() {
        MutableClock clock = new MutableClock(NOW);
        // Room for 2,000 entries in all; the pending requests' budget holds a few hundred of these.
        MemoryStorage storage = new MemoryStorage(2_000, 1L << 20);
        int saved = 0;
        try {
            for (int i = 0; i < 10_000; i++) {
                storage.pendingAuthorizations().save(bulky(i, NOW.plus(Duration.ofMinutes(10))), clock.instant());
                saved++;
            }
        } catch (StorageUnavailableException e) {
            // the budget is spent
        }
        assertTrue(saved > 100 && saved < 1_000, "saved " + saved);
        assertTrue(storage.pendingAuthorizations().find("id-0", NOW).isPresent());
        AccessTokenRecord token = Fixtures.accessToken("token-hash", "grant-1", NOW, Duration.ofHours(1));
        storage.accessTokens().saveAccessToken(token, clock.instant());
        assertTrue(storage.accessTokens().findAccessToken(token.tokenHash(), NOW).isPresent(),
                "tokens keep their room");
        assertThrows(StorageUnavailableException.class,
                () -> storage.pendingAuthorizations().save(bulky(99_999, NOW.plus(Duration.ofMinutes(10))),
                        clock.instant()));
    }

    @Test
    void saveWhenBudgetSpentByExpiredRequestsThenPurgedAndAccepted() {
        MutableClock clock = new MutableClock(NOW);
        MemoryStorage storage = new MemoryStorage(1_000_000, 1L << 20);
        int i = 0;
        try {
            for (; i < 10_000; i++) {
                storage.pendingAuthorizations().save(bulky(i, NOW.plusSeconds(60)), clock.instant());
            }
        } catch (StorageUnavailableException e) {
            // full
        }
        clock.advance(Duration.ofSeconds(61));
        storage.pendingAuthorizations().save(bulky(i + 1, NOW.plusSeconds(600)), clock.instant());
        assertTrue(storage.pendingAuthorizations().find("id-" + (i + 1), clock.instant()).isPresent());
    }

    @Test
    void bytesWhenRequestsTakenOrReplacedThenAccountedExactly() {
        MemoryStorage storage = new MemoryStorage(1_000, 1L << 20);
        MemoryPendingStore pending = (MemoryPendingStore) storage.pendingAuthorizations();
        PendingAuthorization a = bulky(1, NOW.plusSeconds(60));
        pending.save(a, NOW);
        pending.save(a, NOW);
        assertEquals(MemoryPendingStore.size(a), pending.bytes(), "a replaced request is counted once");
        pending.take(a.idHash(), NOW);
        assertEquals(0, pending.bytes());
        assertEquals(0, storage.entries());
    }
}

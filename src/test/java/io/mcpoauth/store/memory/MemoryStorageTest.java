package io.mcpoauth.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.server.MutableClock;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.Race;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What only the in-memory backend promises: the entry bound, the sweep and its health figures. */
class MemoryStorageTest {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);


    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private MemoryStorage storage(int maxEntries) {
        return new MemoryStorage(maxEntries);
    }

    private static long sumOfMaps(StorageHealth health) {
        Map<String, Object> d = health.data();
        return List.of("clients", "codes", "accessTokens", "refreshTokens", "revokedGrants", "pendingAuthorizations")
                .stream().mapToLong(k -> (Long) d.get(k)).sum();
    }

    @Test
    void nameIsMemory() {
        assertEquals("memory", storage(1).name());
    }

    @Test
    void constructWhenBoundNotPositiveThenIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryStorage(0));
    }

    @Test
    void saveWhenFullThenStorageUnavailableAndNothingStored() {
        Instant now = clock.instant();
        MemoryStorage storage = storage(2);
        storage.clients().save(Fixtures.publicClient("a", clock.instant()), now);
        storage.clients().save(Fixtures.publicClient("b", clock.instant()), now);
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                () -> storage.clients().save(Fixtures.publicClient("c", clock.instant()), now));
        assertEquals("in-memory storage is full", e.getMessage());
        assertEquals(Optional.empty(), storage.clients().find("c", now));
        assertEquals(2, storage.entries());
    }

    @Test
    void saveWhenFullThenEveryKindOfEntryIsRefused() {
        Instant now = clock.instant();
        List<Consumer<MemoryStorage>> saves = List.of(
                s -> s.clients().save(Fixtures.publicClient(Fixtures.key(), now), now),
                s -> s.codes().save(Fixtures.code(Fixtures.key(), now, ONE_MINUTE), now),
                s -> s.accessTokens().saveAccessToken(Fixtures.accessToken(Fixtures.key(), "g", now, ONE_MINUTE), now),
                s -> s.refreshTokens().saveRefreshToken(Fixtures.refreshToken(Fixtures.key(), "g", now, THIRTY_DAYS),
                        now),
                s -> s.grants().revokeGrant(Fixtures.key(), now.plus(THIRTY_DAYS), now),
                s -> s.pendingAuthorizations().save(Fixtures.pending(Fixtures.key(), now, ONE_MINUTE), now));
        for (Consumer<MemoryStorage> fill : saves) {
            for (Consumer<MemoryStorage> refused : saves) {
                MemoryStorage storage = storage(3);
                fill.accept(storage);
                fill.accept(storage);
                fill.accept(storage);
                assertThrows(StorageUnavailableException.class, () -> refused.accept(storage));
                assertEquals(3, storage.entries());
            }
        }
    }

    /** A replayed id answers false even when the store is full: it needs no room, and takes none. */
    @Test
    void markUsedWhenFullThenAReplayIsStillRefusedAsOneAndANewIdFindsNoRoom() {
        MemoryStorage storage = storage(1);
        Instant now = Fixtures.now();
        Instant until = now.plus(Duration.ofMinutes(5));
        assertTrue(storage.usedIds().markUsed("jti-1", until, now));
        assertFalse(storage.usedIds().markUsed("jti-1", until, now.plusSeconds(1)));
        assertThrows(StorageUnavailableException.class, () -> storage.usedIds().markUsed("jti-2", until, now));
        assertEquals(1, storage.entries());
    }

    @Test
    void saveWhenFullButEntriesExpiredThenPurgedToMakeRoom() {
        MemoryStorage storage = storage(3);
        Instant now = clock.instant();
        storage.codes().save(Fixtures.code("c1", now, ONE_MINUTE), now);
        storage.pendingAuthorizations().save(Fixtures.pending("p1", now, ONE_MINUTE), now);
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a1", "g", now, Duration.ofHours(1)), now);
        clock.advance(Duration.ofMinutes(2));
        storage.codes().save(Fixtures.code("c2", clock.instant(), ONE_MINUTE), clock.instant());
        assertEquals(2, storage.entries());
        assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("c2", clock.instant()));
        assertTrue(storage.accessTokens().findAccessToken("a1", clock.instant()).isPresent());
    }

    @Test
    void saveWhenReplacingExistingKeyAndFullThenAllowed() {
        Instant now = clock.instant();
        MemoryStorage storage = storage(1);
        storage.clients().save(Fixtures.publicClient("a", clock.instant()), now);
        storage.clients().save(Fixtures.confidentialClient("a", clock.instant()), now);
        assertFalse(storage.clients().find("a", now).orElseThrow().isPublic());
        assertEquals(1, storage.entries());
    }

    @Test
    void revokeGrantWhenAlreadyRevokedAndFullThenAllowed() {
        Instant now = clock.instant();
        MemoryStorage storage = storage(1);
        storage.grants().revokeGrant("g", clock.instant().plus(ONE_MINUTE), now);
        storage.grants().revokeGrant("g", clock.instant().plus(THIRTY_DAYS), now);
        assertTrue(storage.grants().isGrantRevoked("g", clock.instant().plus(Duration.ofDays(29))));
        assertEquals(1, storage.entries());
    }

    @Test
    void rotateWhenFullThenStorageUnavailableAndPresentedNotRotated() {
        MemoryStorage storage = storage(1);
        Instant now = clock.instant();
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r1", "g", now, THIRTY_DAYS), now);
        RefreshTokenRecord successor = Fixtures.refreshToken("r2", "g", now, THIRTY_DAYS);
        assertThrows(StorageUnavailableException.class,
                () -> Fixtures.rotated(storage.refreshTokens(), "r1", successor, now));
        assertFalse(storage.refreshTokens().findRefreshToken("r1", now).orElseThrow().rotated());
        assertEquals(1, storage.entries());
    }

    @Test
    void rotateWhenLostThenReservedSlotGivenBack() {
        MemoryStorage storage = storage(10);
        Instant now = clock.instant();
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r1", "g", now, THIRTY_DAYS), now);
        assertTrue(Fixtures.rotated(storage.refreshTokens(), "r1", Fixtures.refreshToken("r2", "g", now,
                THIRTY_DAYS), now));
        assertFalse(Fixtures.rotated(storage.refreshTokens(), "r1", Fixtures.refreshToken("r3", "g", now,
                THIRTY_DAYS), now));
        RefreshTokenRecord orphan = Fixtures.refreshToken("r4", "g", now, THIRTY_DAYS);
        assertFalse(Fixtures.rotated(storage.refreshTokens(), "nope", orphan, now));
        assertEquals(2, storage.entries());
    }

    @Test
    void readWhenExpiredThenEntryRemovedAndSlotFreed() {
        MemoryStorage storage = storage(10);
        Instant now = clock.instant();
        storage.codes().save(Fixtures.code("c", now, ONE_MINUTE), now);
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a", "g", now, ONE_MINUTE), now);
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r", "g", now, ONE_MINUTE), now);
        storage.pendingAuthorizations().save(Fixtures.pending("p", now, ONE_MINUTE), now);
        Instant later = now.plus(ONE_MINUTE);
        assertEquals(CodeConsumption.NOT_FOUND, storage.codes().consume("c", later));
        assertEquals(Optional.empty(), storage.accessTokens().findAccessToken("a", later));
        assertEquals(Optional.empty(), storage.refreshTokens().findRefreshToken("r", later));
        assertEquals(Optional.empty(), storage.pendingAuthorizations().find("p", later));
        assertEquals(0, storage.entries());
    }

    @Test
    void purgeExpiredRemovesExpiredEntriesOfEveryKindAndReturnsCount() {
        MemoryStorage storage = storage(100);
        Instant now = clock.instant();
        storage.clients().save(Fixtures.publicClient("client", now), now);
        storage.codes().save(Fixtures.code("c-old", now, ONE_MINUTE), now);
        storage.codes().save(Fixtures.code("c-consumed", now, ONE_MINUTE), now);
        storage.codes().consume("c-consumed", now);
        storage.codes().save(Fixtures.code("c-live", now, Duration.ofHours(1)), now);
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a-old", "g1", now, ONE_MINUTE), now);
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a-live", "g1", now, Duration.ofHours(1)), now);
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r-old", "g1", now, ONE_MINUTE), now);
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r-live", "g1", now, THIRTY_DAYS), now);
        storage.grants().revokeGrant("g-old", now.plus(ONE_MINUTE), now);
        storage.pendingAuthorizations().save(Fixtures.pending("p-old", now, ONE_MINUTE), now);
        storage.pendingAuthorizations().save(Fixtures.pending("p-live", now, Duration.ofHours(1)), now);
        assertEquals(11, storage.entries());

        assertEquals(0, storage.purgeExpired(now));
        assertEquals(6, storage.purgeExpired(now.plus(Duration.ofMinutes(5))));

        assertEquals(5, storage.entries());
        Instant later = now.plus(Duration.ofMinutes(5));
        assertTrue(storage.clients().find("client", now).isPresent());
        assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("c-live", later));
        assertTrue(storage.accessTokens().findAccessToken("a-live", later).isPresent());
        assertTrue(storage.refreshTokens().findRefreshToken("r-live", later).isPresent());
        assertTrue(storage.pendingAuthorizations().find("p-live", later).isPresent());
        assertEquals(storage.entries(), sumOfMaps(storage.checkHealth()));
    }

    @Test
    void purgeExpiredWhenGrantRevokedThenItsTokensGoAndMarkerStaysUntilKeepUntil() {
        MemoryStorage storage = storage(100);
        Instant now = clock.instant();
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("a", "g", now, Duration.ofHours(1)), now);
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r", "g", now, THIRTY_DAYS), now);
        storage.grants().revokeGrant("g", now.plus(THIRTY_DAYS), now);
        assertEquals(2, storage.purgeExpired(now));
        assertEquals(1, storage.entries());
        assertTrue(storage.grants().isGrantRevoked("g", now.plus(Duration.ofDays(29))));
        assertEquals(1, storage.purgeExpired(now.plus(THIRTY_DAYS)));
        assertEquals(0, storage.entries());
    }

    @Test
    void entriesWhenConcurrentChurnThenCountMatchesMaps() throws Exception {
        MemoryStorage storage = storage(1_000_000);
        Instant now = clock.instant();
        try (Race race = new Race(32)) {
            for (int round = 0; round < 100; round++) {
                String code = Fixtures.key();
                String pending = Fixtures.key();
                String refresh = Fixtures.key();
                storage.codes().save(Fixtures.code(code, now, ONE_MINUTE), now);
                storage.pendingAuthorizations().save(Fixtures.pending(pending, now, ONE_MINUTE), now);
                storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken(refresh, "g", now, THIRTY_DAYS), now);
                race.run(i -> {
                    storage.codes().consume(code, now);
                    storage.pendingAuthorizations().take(pending, now);
                    RefreshTokenRecord successor = Fixtures.refreshToken(Fixtures.key(), "g", now, THIRTY_DAYS);
                    Fixtures.rotated(storage.refreshTokens(), refresh, successor, now);
                    storage.grants().revokeGrant("g" + (i % 4), now.plus(ONE_MINUTE), now);
                    storage.clients().save(Fixtures.publicClient("client-" + (i % 8), now), now);
                    return storage.purgeExpired(now.plus(Duration.ofSeconds(i % 2 == 0 ? 0 : 90)));
                });
                assertEquals(sumOfMaps(storage.checkHealth()), storage.entries(), "round " + round);
            }
        }
    }

    @Test
    void checkHealthWhenUsedThenUpWithCounts() {
        MemoryStorage storage = storage(50);
        Instant now = clock.instant();
        storage.clients().save(Fixtures.publicClient("a", now), now);
        storage.codes().save(Fixtures.code("c", now, ONE_MINUTE), now);
        storage.accessTokens().saveAccessToken(Fixtures.accessToken("t", "g", now, ONE_MINUTE), now);
        storage.grants().revokeGrant("g2", now.plus(ONE_MINUTE), now);
        StorageHealth health = storage.checkHealth();
        assertTrue(health.up());
        assertEquals(4L, health.data().get("entries"));
        assertEquals(50L, health.data().get("maxEntries"));
        assertEquals(1L, health.data().get("clients"));
        assertEquals(1L, health.data().get("codes"));
        assertEquals(1L, health.data().get("accessTokens"));
        assertEquals(1L, health.data().get("revokedGrants"));
        assertEquals(0L, health.data().get("pendingAuthorizations"));
    }

    @Test
    void purgeWhenRegistrationUnusedPastExpiryThenClientRemovedAndSlotFreed() {
        MemoryStorage storage = new MemoryStorage(10);
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        storage.clients().save(new ClientRecord("unused", "Unused", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), java.util.Set.of(), java.util.Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plus(ONE_MINUTE)), now);
        assertEquals(0, storage.purgeExpired(now));
        assertEquals(1, storage.purgeExpired(now.plus(ONE_MINUTE)));
        assertFalse(storage.clients().find("unused", now).isPresent());
        assertEquals(0, storage.entries());
    }

    /**
     * A full store purges by the {@code now} of the write, the provider's time, and by nothing else: ten years
     * before or after the wall clock, nothing the provider thinks live is purged to make room, and what it thinks
     * expired is.
     */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void saveWhenFullThenPurgeJudgesByTheGivenNowOnly(long days) {
        MemoryStorage storage = storage(2);
        Instant now = Fixtures.now().plus(Duration.ofDays(days));
        AccessTokenRecord token = Fixtures.accessToken("a1", "g", now, Duration.ofHours(1));
        storage.accessTokens().saveAccessToken(token, now);
        storage.codes().save(Fixtures.code("c1", now, ONE_MINUTE), now);
        assertThrows(StorageUnavailableException.class,
                () -> storage.codes().save(Fixtures.code("c2", now, ONE_MINUTE), now));
        assertEquals(Optional.of(token), storage.accessTokens().findAccessToken("a1", now));
        Instant later = now.plus(Duration.ofMinutes(2));
        storage.codes().save(Fixtures.code("c3", later, ONE_MINUTE), later);
        assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("c3", later));
        assertEquals(Optional.of(token), storage.accessTokens().findAccessToken("a1", later));
        assertEquals(2, storage.entries());
    }
}

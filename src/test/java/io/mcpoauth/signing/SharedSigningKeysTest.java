package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.Race;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageContract;
import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server instances on one storage (the in-memory backend is one instance by design): generated keys are
 * created once per slot however many threads of both ask at once, and both instances sign with the same key and
 * publish the same set, before, across and after a rotation.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#all")
class SharedSigningKeysTest extends StorageContract {

    private static final Duration INTERVAL = Duration.ofDays(30);
    private static final Duration TOKEN = Duration.ofHours(1);

    private static SigningKeys instance(Storage storage) {
        SigningSettings settings = SigningSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.jwt.key-encryption-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "mcp.oauth.jwt.rotation-interval", "30d", "mcp.oauth.jwt.publish-ahead", "1h")), true);
        return SigningKeys.of(settings, storage, TOKEN);
    }

    @Test
    void currentWhenTwoInstancesRaceThenOneKeyPerSlotForBoth() throws Exception {
        Storage second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        try (Race race = new Race(THREADS)) {
            // A slot of this test's own, so runs sharing the namespace never meet.
            Instant slot = Instant.ofEpochMilli(INTERVAL.toMillis() * ThreadLocalRandom.current().nextLong(1_000, 50_000));
            Instant during = slot.plus(Duration.ofDays(2));
            Instant due = slot.plus(INTERVAL).minus(Duration.ofHours(1));
            Instant next = slot.plus(INTERVAL);
            SigningKeys a = instance(storage);
            SigningKeys b = instance(second);

            List<String> first = race.run(i -> (i % 2 == 0 ? a : b).current(during).kid());
            assertEquals(1, first.stream().distinct().count(), first.toString());
            assertEquals(a.jwksJson(during), b.jwksJson(during));
            assertEquals(1, a.published(during).getKeys().size());

            List<String> ahead = race.run(i -> (i % 2 == 0 ? a : b).jwksJson(due));
            assertEquals(1, ahead.stream().distinct().count());
            assertEquals(2, a.published(due).getKeys().size(), "the next key, published once by both");
            assertEquals(first.get(0), b.current(due).kid());

            List<String> rotated = race.run(i -> (i % 2 == 0 ? a : b).current(next).kid());
            assertEquals(1, rotated.stream().distinct().count());
            assertEquals(a.published(due).getKeys().get(1).getKeyID(), rotated.get(0));
            assertEquals(2, second.signingKeys().list(next).stream()
                    .filter(k -> !k.signsFrom().isBefore(slot) && !k.signsFrom().isAfter(next)).count());
        } finally {
            if (second != storage) {
                second.close();
            }
        }
    }
}

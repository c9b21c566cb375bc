package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.Stores;
import io.mcpoauth.store.StoredSigningKey;
import io.mcpoauth.store.memory.MemoryStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Generated keys over time, at instants chosen by the test: published before they sign, kept until tokens die. */
class RotationTimelineTest {

    private static final Duration INTERVAL = Duration.ofDays(30);
    private static final Duration AHEAD = Duration.ofHours(1);
    private static final Duration TOKEN = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofMinutes(5);
    /** A slot boundary: slots are counted from the epoch. */
    private static final Instant SLOT = Instant.ofEpochMilli(INTERVAL.toMillis() * 700);
    private static final Duration MS = Duration.ofMillis(1);

    private static SigningKeys keys(Storage storage, String... more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("mcp.oauth.jwt.rotation-interval", "30d",
                "mcp.oauth.jwt.publish-ahead", "1h", "mcp.oauth.jwt.clock-skew", "5m"));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return SigningKeys.of(SigningSettings.load(ConfigSource.of(values), true), storage, TOKEN);
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }

    @Test
    void timelineWhenSlotsPassThenPublishBeforeSignAndRetireAfterExpiry() {
        SigningKeys keys = keys(new MemoryStorage(1000));
        Instant start = SLOT.plus(Duration.ofDays(3));
        SigningKey a = keys.current(start);
        assertEquals(List.of(a.kid()), kids(keys.published(start)));
        assertEquals(JWSAlgorithm.ES256, a.algorithm());

        Instant nextSlot = SLOT.plus(INTERVAL);
        Instant beforeDue = nextSlot.minus(AHEAD).minus(MS);
        assertEquals(List.of(a.kid()), kids(keys.published(beforeDue)), "the next key is not published yet");

        Instant due = nextSlot.minus(AHEAD);
        List<String> both = kids(keys.published(due));
        assertEquals(2, both.size(), "published an hour ahead");
        assertSame(a, keys.current(due), "but does not sign yet");
        String b = both.get(1);
        assertNotEquals(a.kid(), b);
        assertEquals(a.kid(), keys.current(nextSlot.minus(MS)).kid());

        assertEquals(b, keys.current(nextSlot).kid(), "signs from its slot");
        Instant retired = nextSlot.plus(TOKEN).plus(SKEW);
        assertEquals(List.of(a.kid(), b), kids(keys.published(retired.minus(MS))),
                "the old key stays while its last tokens may be accepted");
        assertEquals(List.of(b), kids(keys.published(retired)));
        assertEquals(b, keys.current(retired).kid());
    }

    @Test
    void publishedWhenGeneratedThenPublicOnlyWithKidAndNoPrivateMembers() throws Exception {
        SigningKeys keys = keys(new MemoryStorage(1000), "mcp.oauth.jwt.algorithm", "RS256");
        Instant due = SLOT.plus(INTERVAL).minus(AHEAD);
        assertEquals(JWSAlgorithm.RS256, keys.current(due).algorithm());
        String json = keys.jwksJson(due);
        JWKSet parsed = JWKSet.parse(json);
        assertEquals(2, parsed.getKeys().size());
        for (JWK k : parsed.getKeys()) {
            assertFalse(k.isPrivate());
            assertTrue(k.getKeyID() != null && !k.getKeyID().isEmpty());
            assertEquals(k.computeThumbprint().toString(), k.getKeyID(), "kid is the RFC 7638 thumbprint");
        }
        for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(json.contains(member), member + " in " + json);
        }
    }

    @Test
    void currentWhenAskedOftenThenStoreReadOncePerRefresh() {
        CountingStore counting = new CountingStore(new MemoryStorage(1000));
        SigningKeys keys = keys(counting);
        Instant t = SLOT.plus(Duration.ofDays(1));
        for (int i = 0; i < 1000; i++) {
            keys.current(t.plusMillis(i));
            keys.published(t.plusMillis(i));
        }
        assertEquals(1, counting.lists.get());
        keys.current(t.plus(RotatingSigningKeys.REFRESH));
        assertEquals(2, counting.lists.get(), "read again after the refresh interval");
    }

    @Test
    void currentWhenStorageFailsThenLastKeysServeAndFirstReadFails() {
        CountingStore counting = new CountingStore(new MemoryStorage(1000));
        SigningKeys keys = keys(counting);
        Instant t = SLOT.plus(Duration.ofDays(1));
        SigningKey a = keys.current(t);
        counting.down.set(true);
        assertSame(a, keys.current(t.plus(Duration.ofMinutes(5))), "signs on with the keys it has");
        assertThrows(StorageUnavailableException.class, () -> keys(counting).current(t));
    }

    @Test
    void ofWhenGeneratedOnNetworkStorageWithoutKekThenErrorNamesTheKey() {
        Storage redis = new CountingStore(new MemoryStorage(10)) {
            @Override
            public String name() {
                return "redis";
            }
        };
        String e = assertThrows(IllegalArgumentException.class, () -> keys(redis)).getMessage();
        assertTrue(e.startsWith(SigningSettings.KEK_KEY + " must be set"), e);
        keys(redis, "mcp.oauth.jwt.key-encryption-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    }

    @Test
    void ofWhenOffOrProvidedThenNoneOrFixed() {
        SigningSettings off = SigningSettings.load(ConfigSource.of(Map.of()), false);
        assertTrue(SigningKeys.of(off, new MemoryStorage(10), TOKEN).published(SLOT).getKeys().isEmpty());
        SigningSettings provided = SigningSettings.load(ConfigSource.of(Map.of("mcp.oauth.jwt.keys", "p",
                "mcp.oauth.jwt.key.p.pem", TestPem.pkcs8(TestPem.ec("secp256r1")))), true);
        assertEquals("p", SigningKeys.of(provided, new MemoryStorage(10), TOKEN).current(SLOT).kid());
    }

    /** A memory storage whose signing-key store counts its reads and can be made to fail. */
    static class CountingStore implements Storage {
        final AtomicInteger lists = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();
        private final Stores stores;

        CountingStore(MemoryStorage memory) {
            Stores s = memory.stores();
            SigningKeyStore inner = s.signingKeys();
            SigningKeyStore counted = new SigningKeyStore() {
                @Override
                public StoredSigningKey putIfAbsent(StoredSigningKey key, Instant now) {
                    check();
                    return inner.putIfAbsent(key, now);
                }

                @Override
                public List<StoredSigningKey> list(Instant now) {
                    check();
                    lists.incrementAndGet();
                    return inner.list(now);
                }
            };
            this.stores = new Stores(s.clients(), s.codes(), s.access(), s.refresh(), s.grants(), s.transfer(),
                    s.pending(), s.consents(), s.usedIds(), s.grantIndex(), s.subjectBlocks(), counted);
        }

        private void check() {
            if (down.get()) {
                throw new StorageUnavailableException("signing keys", new RuntimeException("down"));
            }
        }

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public Stores stores() {
            return stores;
        }

        @Override
        public StorageHealth checkHealth() {
            return new StorageHealth(true, Map.of());
        }
    }
}

package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.ratelimit.SharedCounters;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.StorageHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rest of the backend on a one-node Redis Cluster: pending requests, consents, rate limits, readiness. */
class RedisClusterStorageTest {

    @BeforeAll
    static void startCluster() throws Exception {
        ClusterNode.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        ClusterNode.stop();
    }

    @Test
    void everyOtherOperationWhenClusterThenWorks() {
        try (RedisStorage storage = ClusterNode.storage()) {
            Instant now = Fixtures.now();
            PendingAuthorization pending = Fixtures.pending(Fixtures.key(), now, Duration.ofMinutes(10));
            storage.pendingAuthorizations().save(pending, now);
            assertEquals(Optional.of(pending), storage.pendingAuthorizations().find(pending.idHash(), now));
            assertEquals(Optional.of(pending), storage.pendingAuthorizations().take(pending.idHash(), now));
            ConsentRecord consent = new ConsentRecord("alice", "c1", Set.of("mcp:read"), List.of(), List.of(), now,
                    now.plus(Duration.ofDays(1)));
            storage.consents().save(consent, now);
            assertEquals(Optional.of(consent), storage.consents().find("alice", "c1", now));
            assertTrue(storage.consents().revoke("alice", "c1", now));
            assertEquals(0, storage.rateLimiter().hit("a:1", 1, Duration.ofMinutes(1), now));
            assertTrue(storage.rateLimiter().hit("a:1", 1, Duration.ofMinutes(1), now) > 0);
            assertTrue(storage.rateLimiter().blocked("a:1", 1, Duration.ofMinutes(1), now) > 0);
            // A reconcile's counters live in many slots: each is sent in a call of its own.
            List<SharedCounters.Count> counts = storage.rateLimiter().add(List.of(
                    new SharedCounters.Delta("c:x", 3, Duration.ofMinutes(1)),
                    new SharedCounters.Delta("a:1", 0, Duration.ofMinutes(1)),
                    new SharedCounters.Delta("c:y", 0, Duration.ofMinutes(1))));
            assertEquals(List.of(3L, 2L, 0L), counts.stream().map(SharedCounters.Count::count).toList());
        }
    }

    @Test
    void checkHealthWhenClusterThenUpWithTopology() {
        try (RedisStorage storage = ClusterNode.storage()) {
            StorageHealth health = storage.checkHealth();
            assertTrue(health.up(), health.data().toString());
            assertEquals("cluster", health.data().get("topology"));
        }
    }
}

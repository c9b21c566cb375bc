package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.StorageUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Redis unreachable: every operation fails with {@link StorageUnavailableException} (never a false "not
 * found"), within the bounded retries; readiness goes DOWN at once on a refused connection and, on timeouts,
 * only after the configured number of checks in a row.
 */
class RedisFailureTest {

    private static RedisSettings settings(int port, Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "mcp.oauth.redis.url", "redis://127.0.0.1:" + port,
                "mcp.oauth.redis.key-prefix", RedisTests.newPrefix(),
                "mcp.oauth.redis.connect-timeout", "300ms",
                "mcp.oauth.redis.timeout", "300ms",
                "mcp.oauth.redis.retry.backoff-base", "10ms",
                "mcp.oauth.redis.retry.backoff-cap", "40ms"));
        values.putAll(extra);
        return RedisSettings.load(ConfigSource.of(values));
    }

    /** A port on which nothing listens: bound, then released. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void everyOperationWhenNothingListensThenStorageUnavailable() throws Exception {
        try (RedisStorage storage = new RedisStorage(settings(deadPort(), Map.of()))) {
            Instant now = Fixtures.now();
            String hash = Fixtures.key();
            List<Executable> calls = List.of(
                    () -> storage.codes().save(Fixtures.code(hash, now, Duration.ofMinutes(1)), now),
                    () -> storage.codes().consume(hash, now),
                    () -> storage.accessTokens().findAccessToken(hash, now),
                    () -> storage.accessTokens().saveAccessToken(Fixtures.accessToken(hash, "g", now,
                            Duration.ofHours(1)), now),
                    () -> storage.accessTokens().revokeAccessToken(hash, now),
                    () -> storage.refreshTokens().findRefreshToken(hash, now),
                    () -> Fixtures.rotated(storage.refreshTokens(), hash,
                            Fixtures.refreshToken(Fixtures.key(), "g", now, Duration.ofDays(1)), now),
                    () -> storage.grants().revokeGrant("g", now.plus(Duration.ofDays(1)), now),
                    () -> storage.grants().isGrantRevoked("g", now),
                    () -> storage.pendingAuthorizations().take(hash, now),
                    () -> storage.clients().find("c", now),
                    () -> storage.clients().count(now),
                    () -> storage.clients().delete("c", now),
                    () -> storage.consents().find("alice", "c", now),
                    () -> storage.rateLimiter().hit("c:x", 10, Duration.ofMinutes(1), now));
            for (Executable call : calls) {
                long start = System.nanoTime();
                StorageUnavailableException e = assertThrows(StorageUnavailableException.class, call);
                // What the client is answered (503 with Retry-After) is the web layer's: see ErrorRoutesTest.
                assertTrue(e.getCause() instanceof redis.clients.jedis.exceptions.JedisException, e.toString());
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "bounded retries");
            }
        }
    }

    @Test
    void checkHealthWhenNothingListensThenDownAtOnce() throws Exception {
        try (RedisStorage storage = new RedisStorage(settings(deadPort(), Map.of()))) {
            StorageHealth health = storage.checkHealth();
            assertFalse(health.up());
            assertEquals(1L, health.data().get("consecutiveFailures"));
        }
    }

    /**
     * A server that accepts connections and never answers stands for a Redis too slow to reply: the first
     * timed-out check leaves readiness UP (one slow reply), the second in a row takes it DOWN.
     */
    @Test
    void checkHealthWhenRepliesTimeOutThenDownOnlyAfterThreshold() throws Exception {
        try (Silent silent = new Silent();
                RedisStorage storage = new RedisStorage(settings(silent.port(), Map.of(
                        "mcp.oauth.redis.health.failure-threshold", "2")))) {
            StorageHealth first = storage.checkHealth();
            assertTrue(first.up(), first.data().toString());
            assertEquals("timeout", first.data().get("error"));
            StorageHealth second = storage.checkHealth();
            assertFalse(second.up(), second.data().toString());
            assertTrue(silent.accepted() >= 1);
        }
    }

    /** A lost reply to a single-use operation is not retried: the retry could report the caller's own use. */
    @Test
    void consumeWhenReplyTimesOutThenNotRetried() throws Exception {
        try (Silent silent = new Silent();
                RedisStorage storage = new RedisStorage(settings(silent.port(), Map.of(
                        "mcp.oauth.redis.retry.attempts", "5")))) {
            int before = silent.accepted();
            assertThrows(StorageUnavailableException.class,
                    () -> storage.codes().consume(Fixtures.key(), Fixtures.now()));
            // One connection for the try (plus possibly the preload's), never five.
            assertTrue(silent.accepted() - before <= 1, "accepted " + (silent.accepted() - before));
        }
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        RedisExecutor executor = new RedisExecutor(() -> {
            throw new UnsupportedOperationException();
        }, 5, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 200; i++) {
            long first = executor.backoffMillis(1);
            long third = executor.backoffMillis(3);
            long tenth = executor.backoffMillis(10);
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "capped " + tenth);
        }
    }

    /** Accepts connections and keeps them open without ever writing a byte. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final List<Socket> sockets = new ArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor;

        Silent() throws IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        synchronized (sockets) {
                            sockets.add(s);
                        }
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}

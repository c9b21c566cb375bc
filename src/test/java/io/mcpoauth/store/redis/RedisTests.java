package io.mcpoauth.store.redis;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.Tokens;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis the tests use: {@code 127.0.0.1:6379} unless {@code -Dmcp.oauth.test.redis-url} says otherwise.
 * Nothing here skips when Redis is missing: the tests then fail, as they must in CI. Each test class works
 * under its own random key prefix and removes its keys with {@code SCAN} when it is done.
 */
final class RedisTests {

    static final String URL = System.getProperty("mcp.oauth.test.redis-url", "redis://127.0.0.1:6379");

    private RedisTests() {
    }

    static String newPrefix() {
        return "test:" + Tokens.newId() + ":";
    }

    static RedisSettings settings(String prefix, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("mcp.oauth.redis.url", URL);
        values.put("mcp.oauth.redis.key-prefix", prefix);
        values.putAll(extra);
        return RedisSettings.load(ConfigSource.of(values));
    }

    static RedisStorage storage(String prefix) {
        return new RedisStorage(settings(prefix, Map.of()));
    }

    /** A port nothing listens on now (bound, then released), for a server of a test's own. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits up to 30 seconds for a redis-server of the test's own, on loopback, to answer {@code PING}. */
    static void awaitPing(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
                node.ping();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the daemon a test started by the id in its pid file, if it still runs, and removes the file. */
    static void stop(File pidFile) throws IOException {
        if (pidFile.exists()) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile.toPath()).trim())).ifPresent(h -> {
                h.destroy();
                h.onExit().join();
            });
            Files.deleteIfExists(pidFile.toPath());
        }
    }

    /** A plain client for looking at what the storage wrote. */
    static RedisClient client() {
        return RedisClient.create(java.net.URI.create(URL));
    }

    /** Deletes every key under the prefix with SCAN (never KEYS). @return keys deleted */
    static long deleteAll(String prefix) {
        long deleted = 0;
        try (RedisClient redis = client()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(prefix + "*").count(1000);
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                for (String key : page.getResult()) {
                    deleted += redis.unlink(key);
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return deleted;
    }
}

package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.StorageUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster shard failing over under a storage: a master holding every slot and its replica, of the test's
 * own on free ports; the master killed, the replica promoted ({@code CLUSTER FAILOVER TAKEOVER}, what an operator
 * or the cluster's own election does). Meanwhile every call fails closed ({@link StorageUnavailableException},
 * 503), never a wrong answer; after the promotion the same storage serves again by itself, with what was
 * replicated kept.
 */
class RedisClusterFailoverTest {

    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private final List<Long> pids = new ArrayList<>();
    private final List<Integer> busPorts = new ArrayList<>();
    private Path dir;

    @AfterEach
    void stop() {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                h.onExit().join();
            });
        }
    }

    @Test
    void masterKilledAndReplicaPromotedThenUnavailableMeanwhileThenServingWithNothingReplicatedLost()
            throws Exception {
        dir = Path.of("target", "redis-cluster-failover-" + RedisTests.freePort()).toAbsolutePath();
        Files.createDirectories(dir);
        int master = node("master");
        int replica = node("replica");
        cli(master, "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        cli(replica, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(master), String.valueOf(busPorts.get(0)));
        String masterId = cli(master, "CLUSTER", "MYID");
        await("the replica knows the master", () -> cli(replica, "CLUSTER", "NODES").contains(masterId));
        cli(replica, "CLUSTER", "REPLICATE", masterId);
        await("the replica is in sync", () -> cli(replica, "INFO", "replication").contains("master_link_status:up")
                && cli(master, "CLUSTER", "INFO").contains("cluster_state:ok"));

        RedisStorage storage = new RedisStorage(RedisSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.redis.cluster.nodes", "127.0.0.1:" + master + ",127.0.0.1:" + replica,
                "mcp.oauth.redis.key-prefix", RedisTests.newPrefix(),
                "mcp.oauth.redis.timeout", "500ms",
                "mcp.oauth.redis.connect-timeout", "500ms"))));
        try {
            Instant now = Fixtures.now();
            storage.accessTokens().saveAccessToken(Fixtures.accessToken("a1", "g1", now, ONE_HOUR), now);
            storage.codes().save(Fixtures.code("c1", now, ONE_HOUR), now);
            storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r1", "g1", now, ONE_HOUR), now);
            assertEquals("1", cli(master, "WAIT", "1", "5000"), "replicated before the crash");

            ProcessHandle.of(pids.remove(0)).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });

            assertThrows(StorageUnavailableException.class, () -> storage.accessTokens().findAccessToken("a1", now));
            assertThrows(StorageUnavailableException.class, () -> storage.codes().consume("c1", now));

            cli(replica, "CLUSTER", "FAILOVER", "TAKEOVER");
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                try {
                    found = storage.accessTokens().findAccessToken("a1", now).isPresent();
                    assertTrue(found, "never a false \"not found\"");
                } catch (StorageUnavailableException notYet) {
                    Thread.sleep(100);
                }
            }
            assertTrue(found, "serving again within " + RECOVERY + " of the promotion");
            assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("c1", now),
                    "the code was not spent by the calls that failed while there was no master");
            assertTrue(Fixtures.rotated(storage.refreshTokens(), "r1", Fixtures.refreshToken("r2", "g1", now, ONE_HOUR),
                    now));
            assertTrue(storage.checkHealth().up());
        } finally {
            storage.close();
        }
    }

    /** Starts a cluster-enabled node on a free port; returns the port. */
    private int node(String name) throws IOException, InterruptedException {
        int port = RedisTests.freePort();
        int bus = RedisTests.freePort();
        busPorts.add(bus);
        File pid = dir.resolve(name + ".pid").toFile();
        Process p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-port", String.valueOf(bus),
                "--cluster-config-file", name + "-nodes.conf", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pid.getPath(),
                "--logfile", dir.resolve(name + ".log").toString())).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-server " + name + " did not start");
        }
        await(name + " answers", () -> "PONG".equals(cli(port, "PING")) && pid.exists());
        pids.add(Long.parseLong(Files.readString(pid.toPath()).trim()));
        return port;
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 30 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String cli(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

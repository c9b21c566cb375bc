package io.mcpoauth.store.redis;

import io.mcpoauth.config.ConfigSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/**
 * A one-node Redis Cluster of the test's own, on a free port, holding all 16384 slots. One node is enough to test
 * the key layout: a cluster node refuses ({@code CROSSSLOT}) any script or multi-key command whose keys hash
 * to different slots, whichever node owns them. Started as a daemon, stopped by the id in its pid file.
 */
final class ClusterNode {

    private static int port;
    private static File dir;

    private ClusterNode() {
    }

    static void start() throws IOException, InterruptedException {
        stop();
        port = RedisTests.freePort();
        dir = new File("target/redis-cluster-" + port).getAbsoluteFile();
        if (dir.exists()) {
            try (var files = Files.walk(dir.toPath())) {
                files.sorted(Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(dir.toPath());
        Process p = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-port", String.valueOf(RedisTests.freePort()),
                "--cluster-config-file", "nodes.conf", "--dir", dir.getPath(),
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidFile().getPath(),
                "--logfile", new File(dir, "redis.log").getPath())).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-server --cluster-enabled did not start");
        }
        RedisTests.awaitPing(port);
        try (RedisClient node = RedisClient.create("127.0.0.1", port)) {
            node.sendCommand(() -> "CLUSTER".getBytes(), "ADDSLOTSRANGE", "0", "16383");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!new String((byte[]) node.sendCommand(() -> "CLUSTER".getBytes(), "INFO"))
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the one-node cluster did not become ok");
                }
                Thread.sleep(100);
            }
        }
    }

    static void stop() throws IOException {
        if (dir == null) {
            return;
        }
        RedisTests.stop(pidFile());
    }

    static RedisStorage storage() {
        return new RedisStorage(RedisSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.redis.cluster.nodes", "127.0.0.1:" + port))));
    }

    /** A storage on the node under a key prefix of its own. */
    static RedisStorage storage(String prefix) {
        return new RedisStorage(RedisSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.redis.cluster.nodes", "127.0.0.1:" + port, "mcp.oauth.redis.key-prefix", prefix))));
    }

    private static File pidFile() {
        return new File(dir, "redis.pid");
    }
}

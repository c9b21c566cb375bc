package io.mcpoauth.store.redis;

import io.mcpoauth.config.ConfigSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;

/**
 * A Redis master and one Sentinel watching it, of the test's own, on free ports: enough to prove the Sentinel
 * topology finds the master through the Sentinel and keeps every contract. Started as daemons, stopped by the
 * ids in their pid files.
 */
final class SentinelPair {

    static final String MASTER = "mcp-oauth-test";
    private static int masterPort;
    private static int sentinelPort;
    private static File dir;

    private SentinelPair() {
    }

    static void start() throws IOException, InterruptedException {
        stop();
        masterPort = RedisTests.freePort();
        sentinelPort = RedisTests.freePort();
        dir = new File("target/redis-sentinel-" + sentinelPort).getAbsoluteFile();
        Files.createDirectories(dir.toPath());
        run(List.of("redis-server", "--port", String.valueOf(masterPort), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "yes", "--dir", dir.getPath(),
                "--pidfile", new File(dir, "master.pid").getPath(), "--logfile", new File(dir, "master.log").getPath()));
        File conf = new File(dir, "sentinel.conf");
        Files.writeString(conf.toPath(), String.join("\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "daemonize yes",
                "dir " + dir.getPath(),
                "pidfile " + new File(dir, "sentinel.pid").getPath(),
                "logfile " + new File(dir, "sentinel.log").getPath(),
                "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 1",
                ""));
        run(List.of("redis-server", conf.getPath(), "--sentinel"));
        RedisTests.awaitPing(sentinelPort);
        RedisTests.awaitPing(masterPort);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("did not start: " + command);
        }
    }

    static void stop() throws IOException {
        if (dir == null) {
            return;
        }
        for (String name : List.of("sentinel.pid", "master.pid")) {
            RedisTests.stop(new File(dir, name));
        }
    }

    /** A storage through the Sentinel under a key prefix of its own. */
    static RedisStorage storage(String prefix) {
        return new RedisStorage(RedisSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.redis.sentinel.master", MASTER,
                "mcp.oauth.redis.sentinel.nodes", "127.0.0.1:" + sentinelPort,
                "mcp.oauth.redis.key-prefix", prefix))));
    }
}

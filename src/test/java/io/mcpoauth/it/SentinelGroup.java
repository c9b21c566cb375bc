package io.mcpoauth.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis master, a replica of it and a Sentinel watching them, of the test's own, on free loopback ports, in a
 * directory under {@code target/}; started as daemons and stopped by the ids in their pid files. The Sentinel
 * judges the master down after three seconds without an answer and fails over to the replica.
 */
final class SentinelGroup implements AutoCloseable {

    static final String MASTER = "mcp-oauth-failover";
    private static final List<String> NAMES = List.of("sentinel", "replica", "master");

    private final Path dir;
    private final int masterPort;
    private final int replicaPort;
    private final int sentinelPort;

    private SentinelGroup(Path dir, int masterPort, int replicaPort, int sentinelPort) {
        this.dir = dir;
        this.masterPort = masterPort;
        this.replicaPort = replicaPort;
        this.sentinelPort = sentinelPort;
    }

    static SentinelGroup start() throws IOException, InterruptedException {
        Path dir = ServerProcess.target().resolve("redis-failover");
        ServerProcess.deleteTree(dir);
        Files.createDirectories(dir);
        SentinelGroup group = new SentinelGroup(dir, LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
        group.server("master", group.masterPort, List.of());
        group.server("replica", group.replicaPort, List.of("--replicaof", "127.0.0.1",
                String.valueOf(group.masterPort)));
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + group.sentinelPort,
                "bind 127.0.0.1",
                "daemonize yes",
                "dir " + dir,
                "pidfile " + dir.resolve("sentinel.pid"),
                "logfile " + dir.resolve("sentinel.log"),
                "sentinel monitor " + MASTER + " 127.0.0.1 " + group.masterPort + " 1",
                "sentinel down-after-milliseconds " + MASTER + " 3000",
                "sentinel failover-timeout " + MASTER + " 10000",
                ""));
        run(List.of("redis-server", conf.toString(), "--sentinel"));
        group.awaitReplicaInSync();
        return group;
    }

    /** The node list for {@code mcp.oauth.redis.sentinel.nodes}. */
    String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    int replicaPort() {
        return replicaPort;
    }

    /**
     * Waits until the replica has every write the master acknowledged ({@code WAIT}): Redis replicates
     * asynchronously, so what a failover keeps is what reached the replica (docs/redis.md).
     */
    void awaitReplicated() throws IOException, InterruptedException {
        String acknowledged = cli(masterPort, "WAIT", "1", "5000");
        if (!"1".equals(acknowledged)) {
            throw new IllegalStateException("the replica did not acknowledge the writes: " + acknowledged);
        }
    }

    /** Kills the master at once, as a crash would. */
    void killMaster() throws IOException, InterruptedException {
        stop("master", true);
    }

    /** Waits until the Sentinel names the replica as the master, and it accepts writes. */
    void awaitFailover(long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!(cli(sentinelPort, "SENTINEL", "get-master-addr-by-name", MASTER).endsWith("\n" + replicaPort)
                && cli(replicaPort, "ROLE").startsWith("master"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no failover within " + timeoutSeconds + " s: "
                        + ServerProcess.tail(dir.resolve("sentinel.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Whether what was the replica now answers as the master. */
    boolean replicaIsMaster() throws IOException, InterruptedException {
        return cli(replicaPort, "ROLE").startsWith("master");
    }

    private void awaitReplicaInSync() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cli(replicaPort, "INFO", "replication").contains("master_link_status:up")
                || cli(sentinelPort, "SENTINEL", "replicas", MASTER).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica or the Sentinel did not come up");
            }
            Thread.sleep(100);
        }
    }

    private void server(String name, int port, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--pidfile", dir.resolve(name + ".pid").toString(),
                "--logfile", dir.resolve(name + ".log").toString()));
        cmd.addAll(extra);
        run(cmd);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"PONG".equals(cli(port, "PING"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server " + name + " on port " + port + " does not answer");
            }
            Thread.sleep(50);
        }
    }

    private void stop(String name, boolean kill) throws IOException {
        File pid = dir.resolve(name + ".pid").toFile();
        if (!pid.exists()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pid.toPath()).trim())).ifPresent(h -> {
            if (kill) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
            h.onExit().join();
        });
        Files.deleteIfExists(pid.toPath());
    }

    @Override
    public void close() throws IOException {
        for (String name : NAMES) {
            stop(name, false);
        }
    }

    private static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " did not start: " + out);
        }
    }
}

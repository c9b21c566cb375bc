package io.mcpoauth.it;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own, on its own port and data directory under {@code target/}, started
 * as a daemon and stopped by the process id it wrote. It persists with an append-only file fsync'ed on every
 * write ({@code appendfsync always}), so a kill loses no acknowledged write: what a restart then finds is
 * exactly what the server was told before it died.
 */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final File dir;

    private RedisServer(int port, File dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts it on the port with an empty data directory. */
    static RedisServer fresh(int port) throws IOException, InterruptedException {
        File dir = new File(new File(System.getProperty("mcp.oauth.war", "target/mcp-oauth.war"))
                .getAbsoluteFile().getParentFile(), "redis-" + port);
        if (dir.exists()) {
            try (var files = Files.walk(dir.toPath())) {
                files.sorted(java.util.Comparator.reverseOrder()).map(java.nio.file.Path::toFile).forEach(File::delete);
            }
        }
        Files.createDirectories(dir.toPath());
        RedisServer server = new RedisServer(port, dir);
        server.start();
        return server;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again) on the same data directory, and waits until it answers. */
    void start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.getPath(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--daemonize", "yes", "--pidfile", pidFile().getPath(),
                "--logfile", new File(dir, "redis.log").getPath()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-server did not start: " + new String(p.getInputStream().readAllBytes()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " does not answer");
            }
            Thread.sleep(100);
        }
    }

    /** Kills the server process at once, as a crash would (SIGKILL to the id in its pid file). */
    void kill() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pidFile().toPath()).trim());
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        Files.deleteIfExists(pidFile().toPath());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answers() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private File pidFile() {
        return new File(dir, "redis.pid");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (pidFile().exists()) {
            kill();
        }
    }
}

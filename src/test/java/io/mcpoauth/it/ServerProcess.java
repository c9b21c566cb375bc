package io.mcpoauth.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A server started by its own launch script (WildFly's {@code standalone.sh}, Liberty's {@code server run}),
 * in a process of its own, with its console output in a log file. Stopping it stops the whole process tree,
 * since a launch script may leave its JVM running when the script itself is terminated.
 */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = Objects.requireNonNull(name, "name");
        this.process = Objects.requireNonNull(process, "process");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Starts the command in {@code directory} with the environment added to this JVM's and {@code JAVA_HOME}
     * set to this JVM's Java, appending its output to {@code log}.
     */
    static ServerProcess start(String name, List<String> command, Path directory, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Process process = builder.start();
        // A test JVM ended by an interrupted build must not leave the server holding its ports.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }));
        return new ServerProcess(name, process, log);
    }

    /** Runs a command to its end (a server's configuration tool) and fails with its output if it does not succeed. */
    static void run(String what, List<String> command, Path directory, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = builder.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            stopTree(p);
            throw new IllegalStateException(what + " did not finish in " + timeout + ": " + tail(log));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": " + tail(log));
        }
    }

    /**
     * Fails when something already listens on one of the ports (a server left by an interrupted run), so that a
     * test never passes against a server it did not start.
     */
    static void requireFree(int... ports) {
        for (int port : ports) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException free) {
                continue;
            }
            throw new IllegalStateException("port " + port + " is already in use: stop what listens there first");
        }
    }

    /** Waits until a GET of {@code uri} answers 200, failing early when the server's process ends. */
    void awaitOk(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + ": " + uri + " did not answer 200 within " + timeout + ": "
                + tail(log));
    }

    /** Stops the server: the launcher and every process it started, gracefully first. */
    void stop() throws InterruptedException {
        stopTree(process);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    String tail() {
        return tail(log);
    }

    private static void stopTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (ProcessHandle p : tree) {
            while (p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The end of a log, for failure messages. */
    static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /** The directory {@code mvn package} builds into: where the WAR is. */
    static Path target() {
        return new File(System.getProperty("mcp.oauth.war", "target/mcp-oauth.war")).getAbsoluteFile()
                .getParentFile().toPath();
    }

    /** The project's directory (the parent of {@link #target()}). */
    static Path project() {
        return target().getParent();
    }

    /** Deletes a directory tree if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    /** Copies a directory tree. */
    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.collect(Collectors.toList())) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}

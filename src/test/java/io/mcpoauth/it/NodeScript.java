package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Node.js test script in its own directory under the project, with its dependencies pinned in a committed
 * package-lock.json: installs them with {@code npm ci} when needed and runs commands there, logging their
 * output as it comes.
 *
 * <p>Needs Node 20 or later and npm on the PATH. Without them the calling test fails rather than skips: a
 * skipped interop or browser test would hide a broken build.
 */
final class NodeScript {

    private static final Logger LOG = Logger.getLogger(NodeScript.class.getName());

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Path dir;

    /** @param projectPath the script's directory, relative to the project's base directory */
    NodeScript(String projectPath) {
        Objects.requireNonNull(projectPath, "projectPath");
        this.dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve(projectPath);
    }

    Path dir() {
        return dir;
    }

    /** {@code npm ci} when node_modules is absent, or older than the lock file (a changed dependency). */
    void installIfStale() throws Exception {
        // npm writes this hidden lock file last, on every install.
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        if (Files.isRegularFile(installed)
                && !Files.getLastModifiedTime(installed).toInstant()
                        .isBefore(Files.getLastModifiedTime(lock).toInstant())) {
            return;
        }
        LOG.info("installing dependencies: npm ci in " + dir);
        Result result = run(NPM_TIMEOUT, WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund");
        assertEquals(0, result.exitCode(), () -> "npm ci failed; its output:\n" + result.output());
    }

    /**
     * Runs a command in the script's directory, logging its output (standard error merged in) line by line.
     * Fails the test when the command cannot start or does not finish within the timeout; the process and
     * its descendants are then killed.
     */
    Result run(Duration timeout, String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": Node 20+ and npm must be on the PATH", e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = process.inputReader()) {
                String line;
                while ((line = out.readLine()) != null) {
                    LOG.logp(Level.INFO, NodeScript.class.getName(), command[0], line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, command[0] + "-output");
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            fail(String.join(" ", command) + " did not finish within " + timeout + "; its output:\n" + joined(lines));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(process.exitValue(), joined(lines));
    }

    private static String joined(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** How a command ended: its exit code and its whole output. */
    record Result(int exitCode, String output) {
    }
}

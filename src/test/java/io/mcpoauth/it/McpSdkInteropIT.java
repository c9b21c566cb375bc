package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an MCP client sees: the official MCP TypeScript SDK's {@code auth()} runs against the deployed WAR
 * (src/test/interop/mcp-sdk/interop.mjs): discovery, dynamic registration, authorization through the
 * header login, code exchange, refresh with rotation, rejection of the rotated refresh token, and the
 * SDK's recovery from the revoked grant, once as a public and once as a confidential client.
 *
 * <p>Needs Node 20 or later and npm on the PATH; the SDK is installed with {@code npm ci} from the
 * committed package-lock.json when node_modules is missing or older than it. Without Node the test fails
 * rather than skips: a skipped interop test would hide a broken build.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class McpSdkInteropIT {

    private static final Logger LOG = Logger.getLogger(McpSdkInteropIT.class.getName());

    private static final Path SCRIPT_DIR =
            Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/interop/mcp-sdk");
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    /** The script gives up by itself after 120 s; this is the backstop. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ContainerDeployment.builtWar();
    }

    @BeforeEach
    void deployed() {
        ContainerDeployment.assertDeployedAtRoot(deploymentUrl);
    }

    @Test
    void authWhenRunByMcpSdkThenRegistersAuthorizesRefreshesAndRecovers() throws Exception {
        installSdkIfStale();

        Result result = run(SCRIPT_TIMEOUT, "node", "interop.mjs", ContainerDeployment.BASE.toString());

        assertEquals(0, result.exitCode(), () -> "interop.mjs failed; its output:\n" + result.output());
    }

    /** {@code npm ci} when node_modules is absent, or older than the lock file (a changed dependency). */
    private static void installSdkIfStale() throws Exception {
        // npm writes this hidden lock file last, on every install.
        Path installed = SCRIPT_DIR.resolve("node_modules/.package-lock.json");
        Path lock = SCRIPT_DIR.resolve("package-lock.json");
        if (Files.isRegularFile(installed)
                && !Files.getLastModifiedTime(installed).toInstant()
                        .isBefore(Files.getLastModifiedTime(lock).toInstant())) {
            return;
        }
        LOG.info("installing the MCP SDK: npm ci in " + SCRIPT_DIR);
        Result result = run(NPM_TIMEOUT, WINDOWS ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund");
        assertEquals(0, result.exitCode(), () -> "npm ci failed; its output:\n" + result.output());
    }

    /** Runs a command in the script's directory, logging its output line by line as it comes. */
    private static Result run(Duration timeout, String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": Node 20+ and npm must be on the PATH", e);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = process.inputReader()) {
                String line;
                while ((line = out.readLine()) != null) {
                    LOG.logp(Level.INFO, McpSdkInteropIT.class.getName(), command[0], line);
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

    private record Result(int exitCode, String output) {
    }
}

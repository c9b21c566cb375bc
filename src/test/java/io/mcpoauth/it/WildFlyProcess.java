package io.mcpoauth.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * WildFly ({@code standalone-microprofile.xml}) running the built WAR in its own process, set up the way
 * docs/servers.md tells a person to: {@code server-config/wildfly/postgresql.cli} run with the embedded CLI, the
 * WAR copied to {@code deployments/}, {@code mcp.oauth.*} keys given with {@code standalone.sh -P <file>} and
 * as environment variables. Each start uses a fresh copy of the distribution's {@code standalone/} directory
 * ({@code target/wildfly-it}), so the unpacked distribution ({@code target/wildfly}) stays untouched.
 */
final class WildFlyProcess implements AutoCloseable {

    static final int HTTP_PORT = 8780;
    static final int HTTPS_PORT = 8743;
    static final int MANAGEMENT_PORT = 9790;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final ServerProcess server;

    private WildFlyProcess(ServerProcess server) {
        this.server = server;
    }

    /** Configures a fresh server base directory and starts WildFly on it, returning once the WAR answers. */
    static WildFlyProcess start(Map<String, String> properties, Map<String, String> env)
            throws IOException, InterruptedException {
        ServerProcess.requireFree(HTTP_PORT, HTTPS_PORT, MANAGEMENT_PORT);
        Path target = ServerProcess.target();
        Path home = home(target);
        Path base = target.resolve("wildfly-it");
        ServerProcess.deleteTree(base);
        ServerProcess.copyTree(home.resolve("standalone"), base);
        Path log = target.resolve("wildfly-it.log");
        Files.deleteIfExists(log);
        String sh = home.resolve("bin").toString();

        ServerProcess.run("jboss-cli postgresql.cli", List.of(sh + "/jboss-cli.sh",
                "-Djboss.server.base.dir=" + base,
                "-Dpostgresql.jar=" + target.resolve("server-lib/postgresql.jar"),
                "--file=" + ServerProcess.project().resolve("server-config/wildfly/postgresql.cli")),
                target, log, Duration.ofSeconds(180));

        Files.copy(target.resolve("mcp-oauth.war"), base.resolve("deployments/mcp-oauth.war"));
        Path props = base.resolve("configuration/mcp-oauth.properties");
        Properties p = new Properties();
        p.putAll(properties);
        try (OutputStream out = Files.newOutputStream(props)) {
            p.store(out, "mcp-oauth test configuration");
        }
        ServerProcess server = ServerProcess.start("WildFly", List.of(sh + "/standalone.sh",
                "-c", "standalone-microprofile.xml",
                "-Djboss.server.base.dir=" + base,
                "-Djboss.http.port=" + HTTP_PORT,
                "-Djboss.https.port=" + HTTPS_PORT,
                "-Djboss.management.http.port=" + MANAGEMENT_PORT,
                "-P", props.toString()), target, env, log);
        WildFlyProcess wildfly = new WildFlyProcess(server);
        try {
            server.awaitOk(wildfly.base().resolve(".well-known/oauth-authorization-server"), START_TIMEOUT);
        } catch (RuntimeException | IOException e) {
            server.stop();
            throw e;
        }
        return wildfly;
    }

    /** The unpacked distribution, {@code target/wildfly/wildfly-<version>} (maven-dependency-plugin unpack). */
    private static Path home(Path target) throws IOException {
        Path dir = target.resolve("wildfly");
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "wildfly-*")) {
            for (Path p : found) {
                return p;
            }
        } catch (IOException e) {
            throw new IllegalStateException("WildFly is not unpacked in " + dir + " (mvn verify does it)", e);
        }
        throw new IllegalStateException("WildFly is not unpacked in " + dir + " (mvn verify does it)");
    }

    URI base() {
        return URI.create("http://localhost:" + HTTP_PORT + "/");
    }

    /** MicroProfile Health on WildFly is served by the management interface, not the application's port. */
    URI health() {
        return URI.create("http://localhost:" + MANAGEMENT_PORT + "/health/");
    }

    String tail() {
        return server.tail();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
    }
}

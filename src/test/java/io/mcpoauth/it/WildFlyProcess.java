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
final class WildFlyProcess implements RunningServer {

    static final int HTTP_PORT = 8780;
    static final int HTTPS_PORT = 8743;
    static final int MANAGEMENT_PORT = 9790;
    /** WildFlyIT's: {@code target/wildfly-it}, {@code target/wildfly-it.log}. */
    static final Layout DEFAULT = new Layout("wildfly-it", HTTP_PORT, HTTPS_PORT, MANAGEMENT_PORT);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final ServerProcess server;
    private final Layout layout;

    private WildFlyProcess(ServerProcess server, Layout layout) {
        this.server = server;
        this.layout = layout;
    }

    /**
     * Where a server keeps its files ({@code target/<name>}, {@code target/<name>.log}) and listens.
     */
    record Layout(String name, int http, int https, int management) {
    }

    /** Configures a fresh server base directory and starts WildFly on it, returning once the WAR answers. */
    static WildFlyProcess start(Map<String, String> properties, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(DEFAULT, properties, env, List.of());
    }

    /**
     * Like {@link #start(Map, Map)} with the given directories and ports, and with users added to WildFly's
     * {@code ApplicationRealm} by {@code add-user.sh}, their group becoming their role, as docs/servers.md
     * tells a person to. The PostgreSQL DataSource is created only when {@code env} has
     * {@code MCP_OAUTH_DB_URL}.
     */
    static WildFlyProcess start(Layout layout, Map<String, String> properties, Map<String, String> env,
            List<RealmUser> users) throws IOException, InterruptedException {
        return start(layout, properties, env, users, List.of());
    }

    /** Like {@link #start(Layout, Map, Map, List)}, running these CLI scripts (embedded server) before the start. */
    static WildFlyProcess start(Layout layout, Map<String, String> properties, Map<String, String> env,
            List<RealmUser> users, List<Path> cliScripts) throws IOException, InterruptedException {
        ServerProcess.requireFree(layout.http(), layout.https(), layout.management());
        Path target = ServerProcess.target();
        Path home = home(target);
        Path base = target.resolve(layout.name());
        ServerProcess.deleteTree(base);
        ServerProcess.copyTree(home.resolve("standalone"), base);
        Path log = target.resolve(layout.name() + ".log");
        Files.deleteIfExists(log);
        String sh = home.resolve("bin").toString();

        if (env.containsKey("MCP_OAUTH_DB_URL")) {
            ServerProcess.run("jboss-cli postgresql.cli", List.of(sh + "/jboss-cli.sh",
                    "-Djboss.server.base.dir=" + base,
                    "-Dpostgresql.jar=" + target.resolve("server-lib/postgresql.jar"),
                    "--file=" + ServerProcess.project().resolve("server-config/wildfly/postgresql.cli")),
                    target, log, Duration.ofSeconds(180));
        }
        for (Path script : cliScripts) {
            ServerProcess.run("jboss-cli " + script.getFileName(), List.of(sh + "/jboss-cli.sh",
                    "-Djboss.server.base.dir=" + base, "--file=" + script), target, log, Duration.ofSeconds(180));
        }
        for (RealmUser user : users) {
            ServerProcess.run("add-user " + user.name(), List.of(sh + "/add-user.sh", "-a", "-u", user.name(),
                    "-p", user.password(), "-g", user.group(), "-sc", base.resolve("configuration").toString()),
                    target, log, Duration.ofSeconds(60));
        }

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
                "-Djboss.http.port=" + layout.http(),
                "-Djboss.https.port=" + layout.https(),
                "-Djboss.management.http.port=" + layout.management(),
                "-P", props.toString()), target, env, log);
        WildFlyProcess wildfly = new WildFlyProcess(server, layout);
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

    @Override
    public URI base() {
        return URI.create("http://localhost:" + layout.http() + "/");
    }

    /** MicroProfile Health on WildFly is served by the management interface, not the application's port. */
    @Override
    public URI health() {
        return URI.create("http://localhost:" + layout.management() + "/health/");
    }

    String tail() {
        return server.tail();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
    }
}

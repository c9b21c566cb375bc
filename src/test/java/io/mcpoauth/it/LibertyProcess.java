package io.mcpoauth.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Open Liberty running the built WAR in its own process, with {@code server-config/openliberty/server.xml} as
 * its server.xml, set up the way docs/servers.md tells a person to: the WAR in the server's {@code apps/}, the
 * PostgreSQL driver in {@code shared/resources/postgresql/}, ports in {@code bootstrap.properties}. Each start
 * uses a fresh user directory ({@code WLP_USER_DIR=target/liberty-it}), so the unpacked runtime
 * ({@code target/liberty/wlp}) stays untouched.
 *
 * <p>The {@code mcp.oauth.*} keys are given three ways, each a MicroProfile Config source on Liberty:
 * {@code bootstrap.properties} (a properties file appended as it is), environment variables ({@code server.env}),
 * and server configuration variables (a {@code configDropins/overrides} file).
 */
final class LibertyProcess implements AutoCloseable {

    static final int HTTP_PORT = 8880;
    static final int HTTPS_PORT = 8843;
    static final String SERVER = "mcp-oauth-it";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final ServerProcess server;

    private LibertyProcess(ServerProcess server) {
        this.server = server;
    }

    /**
     * Creates the server and starts it, returning once the WAR answers.
     *
     * @param bootstrap keys appended to {@code bootstrap.properties} as {@code key=value} lines
     * @param env       variables written to {@code server.env}
     * @param variables keys written as {@code <variable>} elements to {@code configDropins/overrides}
     */
    static LibertyProcess start(Map<String, String> bootstrap, Map<String, String> env,
            Map<String, String> variables) throws IOException, InterruptedException {
        ServerProcess.requireFree(HTTP_PORT, HTTPS_PORT);
        Path target = ServerProcess.target();
        Path wlp = target.resolve("liberty/wlp");
        if (!Files.isRegularFile(wlp.resolve("bin/server"))) {
            throw new IllegalStateException("Open Liberty is not unpacked in " + wlp + " (mvn verify does it)");
        }
        Path user = target.resolve("liberty-it");
        ServerProcess.deleteTree(user);
        Path dir = user.resolve("servers").resolve(SERVER);
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("configDropins/overrides"));
        Files.createDirectories(user.resolve("shared/resources/postgresql"));

        Files.copy(ServerProcess.project().resolve("server-config/openliberty/server.xml"), dir.resolve("server.xml"));
        Files.copy(target.resolve("mcp-oauth.war"), dir.resolve("apps/mcp-oauth.war"));
        Files.copy(target.resolve("server-lib/postgresql.jar"),
                user.resolve("shared/resources/postgresql/postgresql.jar"));
        Files.writeString(dir.resolve("bootstrap.properties"), "http.host=localhost\nhttp.port=" + HTTP_PORT
                + "\nhttps.port=" + HTTPS_PORT + "\n" + bootstrap.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()),
                StandardCharsets.UTF_8);
        Files.write(dir.resolve("server.env"), env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("configDropins/overrides/mcp-oauth.xml"), "<server>\n"
                + variables.entrySet().stream().map(e -> "    <variable name=\"" + xml(e.getKey()) + "\" value=\""
                        + xml(e.getValue()) + "\"/>").collect(Collectors.joining("\n"))
                + "\n</server>\n", StandardCharsets.UTF_8);

        Path log = target.resolve("liberty-it.log");
        Files.deleteIfExists(log);
        ServerProcess server = ServerProcess.start("Open Liberty", List.of(wlp.resolve("bin/server").toString(),
                "run", SERVER), target, Map.of("WLP_USER_DIR", user.toString()), log);
        LibertyProcess liberty = new LibertyProcess(server);
        try {
            server.awaitOk(liberty.base().resolve(".well-known/oauth-authorization-server"), START_TIMEOUT);
        } catch (RuntimeException | IOException e) {
            server.stop();
            throw e;
        }
        return liberty;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    URI base() {
        return URI.create("http://localhost:" + HTTP_PORT + "/");
    }

    /** MicroProfile Health on Liberty is on the application's HTTP port. */
    URI health() {
        return base().resolve("health/");
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
    }
}

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
final class LibertyProcess implements RunningServer {

    static final int HTTP_PORT = 8880;
    static final int HTTPS_PORT = 8843;
    static final String SERVER = "mcp-oauth-it";
    /** OpenLibertyIT's: {@code target/liberty-it}, {@code target/liberty-it.log}. */
    static final Layout DEFAULT = new Layout("liberty-it", HTTP_PORT, HTTPS_PORT);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    private final ServerProcess server;
    private final Layout layout;

    private LibertyProcess(ServerProcess server, Layout layout) {
        this.server = server;
        this.layout = layout;
    }

    /** Where a server keeps its user directory ({@code target/<name>}) and log, and listens. */
    record Layout(String name, int http, int https) {
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
        return start(DEFAULT, bootstrap, env, variables, Map.of());
    }

    /**
     * Like {@link #start(Map, Map, Map)} with the given directories and ports, and more configuration files.
     *
     * @param overrides files written to {@code configDropins/overrides}: name to content
     */
    static LibertyProcess start(Layout layout, Map<String, String> bootstrap, Map<String, String> env,
            Map<String, String> variables, Map<String, String> overrides) throws IOException, InterruptedException {
        ServerProcess.requireFree(layout.http(), layout.https());
        Path target = ServerProcess.target();
        Path wlp = target.resolve("liberty/wlp");
        if (!Files.isRegularFile(wlp.resolve("bin/server"))) {
            throw new IllegalStateException("Open Liberty is not unpacked in " + wlp + " (mvn verify does it)");
        }
        Path user = target.resolve(layout.name());
        ServerProcess.deleteTree(user);
        Path dir = user.resolve("servers").resolve(SERVER);
        Files.createDirectories(dir.resolve("apps"));
        Files.createDirectories(dir.resolve("configDropins/overrides"));
        Files.createDirectories(user.resolve("shared/resources/postgresql"));

        Files.copy(ServerProcess.project().resolve("server-config/openliberty/server.xml"), dir.resolve("server.xml"));
        Files.copy(target.resolve("mcp-oauth.war"), dir.resolve("apps/mcp-oauth.war"));
        Files.copy(target.resolve("server-lib/postgresql.jar"),
                user.resolve("shared/resources/postgresql/postgresql.jar"));
        Files.writeString(dir.resolve("bootstrap.properties"), "http.host=localhost\nhttp.port=" + layout.http()
                + "\nhttps.port=" + layout.https() + "\n" + bootstrap.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()),
                StandardCharsets.UTF_8);
        Files.write(dir.resolve("server.env"), env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("configDropins/overrides/mcp-oauth.xml"), "<server>\n"
                + variables.entrySet().stream().map(e -> "    <variable name=\"" + xml(e.getKey()) + "\" value=\""
                        + xml(e.getValue()) + "\"/>").collect(Collectors.joining("\n"))
                + "\n</server>\n", StandardCharsets.UTF_8);
        for (Map.Entry<String, String> file : overrides.entrySet()) {
            Files.writeString(dir.resolve("configDropins/overrides").resolve(file.getKey()), file.getValue(),
                    StandardCharsets.UTF_8);
        }

        Path log = target.resolve(layout.name() + ".log");
        Files.deleteIfExists(log);
        ServerProcess server = ServerProcess.start("Open Liberty", List.of(wlp.resolve("bin/server").toString(),
                "run", SERVER), target, Map.of("WLP_USER_DIR", user.toString()), log);
        LibertyProcess liberty = new LibertyProcess(server, layout);
        try {
            server.awaitOk(liberty.base().resolve(".well-known/oauth-authorization-server"), START_TIMEOUT);
        } catch (RuntimeException | IOException e) {
            server.stop();
            throw e;
        }
        return liberty;
    }

    /**
     * The configuration files docs/servers.md gives for the container login: {@code container-login.xml} as
     * shipped, and {@code mcp-oauth-users.xml} with the users, each in a group of its own name.
     */
    static Map<String, String> containerLogin(List<RealmUser> users) throws IOException {
        StringBuilder registry = new StringBuilder("<server>\n    <basicRegistry id=\"basic\">\n");
        for (RealmUser u : users) {
            registry.append("        <user name=\"").append(xml(u.name())).append("\" password=\"")
                    .append(xml(u.password())).append("\"/>\n");
        }
        users.stream().map(RealmUser::group).distinct().forEach(group -> {
            registry.append("        <group name=\"").append(xml(group)).append("\">\n");
            users.stream().filter(u -> u.group().equals(group)).forEach(u -> registry
                    .append("            <member name=\"").append(xml(u.name())).append("\"/>\n"));
            registry.append("        </group>\n");
        });
        registry.append("    </basicRegistry>\n</server>\n");
        return Map.of("container-login.xml", Files.readString(ServerProcess.project()
                        .resolve("server-config/openliberty/container-login.xml"), StandardCharsets.UTF_8),
                "mcp-oauth-users.xml", registry.toString());
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public URI base() {
        return URI.create("http://localhost:" + layout.http() + "/");
    }

    /** MicroProfile Health on Liberty is on the application's HTTP port. */
    @Override
    public URI health() {
        return base().resolve("health/");
    }

    String tail() {
        return server.tail();
    }

    @Override
    public void close() throws InterruptedException {
        server.stop();
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the Dockerfile without a Docker engine: its COPY sources exist after
 * {@code mvn package} and are in the build context {@code .dockerignore} leaves; it runs as a non-root user
 * from a pinned base image; and its ENTRYPOINT, run here with the image's paths mapped to a directory under
 * {@code target/} and the configuration given only as environment variables (as {@code docker run -e} would),
 * starts the server so that the HEALTHCHECK's URL answers and the authorization-code flow works. The server's
 * user may write only to the directory the Dockerfile makes its own.
 */
class DockerfileIT {

    private static final int PORT = 8980;

    private static Map<String, String> copies;
    private static List<String> instructions;

    @BeforeAll
    static void parse() throws IOException {
        instructions = instructions(Files.readString(ServerProcess.project().resolve("Dockerfile"),
                StandardCharsets.UTF_8));
        copies = new LinkedHashMap<>();
        for (String copy : all("COPY")) {
            List<String> words = List.of(copy.split("\\s+")).stream().filter(w -> !w.startsWith("--"))
                    .collect(Collectors.toList());
            assertEquals(2, words.size(), "one source and one destination per COPY: " + copy);
            copies.put(words.get(1), words.get(0));
        }
    }

    @Test
    void copySourcesWhenPackagedThenExistAndInBuildContext() throws IOException {
        assertFalse(copies.isEmpty());
        List<String> ignore = Files.readAllLines(ServerProcess.project().resolve(".dockerignore"));
        for (String source : copies.values()) {
            assertTrue(Files.isRegularFile(ServerProcess.project().resolve(source)),
                    source + " exists after mvn package");
            assertTrue(ignore.contains("!" + source), source + " is let through by .dockerignore");
        }
    }

    @Test
    void imageWhenBuiltThenPinnedBaseNonRootUserAndOnePort() {
        String from = one("FROM");
        assertTrue(from.matches("[\\w./-]+:[\\w.-]+") && !from.endsWith(":latest"), "a pinned tag: " + from);
        String user = one("USER");
        assertFalse(Set.of("root", "0").contains(user.split(":")[0]), "runs as a non-root user: " + user);
        assertTrue(user.matches("\\d+"), "a numeric user, so that runAsNonRoot can verify it: " + user);
        List<String> entrypoint = entrypoint();
        String port = entrypoint.get(entrypoint.indexOf("--port") + 1);
        assertEquals(port, one("EXPOSE"));
        assertEquals(port, String.valueOf(URI.create(healthUrl()).getPort()), "HEALTHCHECK asks the served port");
    }

    @Test
    void entrypointWhenRunWithEnvironmentConfigurationThenHealthyAndFlowWorks() throws Exception {
        Path root = ServerProcess.target().resolve("dockerfile-root");
        ServerProcess.deleteTree(root);
        Matcher mkdir = Pattern.compile("mkdir -p (\\S+)").matcher(String.join("\n", all("RUN")));
        while (mkdir.find()) {
            Files.createDirectories(image(root, mkdir.group(1)));
        }
        String workdir = one("WORKDIR");
        Files.createDirectories(image(root, workdir));

        List<String> command = new ArrayList<>();
        List<String> entrypoint = entrypoint();
        String port = entrypoint.get(entrypoint.indexOf("--port") + 1);
        for (int i = 0; i < entrypoint.size(); i++) {
            String arg = entrypoint.get(i);
            if (i == 0) {
                assertEquals("java", arg, "the image's java on PATH");
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                // The user's home in the image is the WORKDIR (useradd --home-dir); keep it inside the image root.
                command.add("-Duser.home=" + image(root, workdir));
            } else if (i > 0 && "--port".equals(entrypoint.get(i - 1))) {
                command.add(String.valueOf(PORT));
            } else {
                command.add(mapPaths(root, arg));
            }
        }

        String issuer = "http://localhost:" + PORT;
        Map<String, String> env = new LinkedHashMap<>();
        PortableFlow.testProperties(issuer).forEach((k, v) -> env.put(envName(k), v));
        Set<String> before = files(root);
        ServerProcess.requireFree(PORT);
        Path log = ServerProcess.target().resolve("dockerfile-it.log");
        Files.deleteIfExists(log);
        try (ServerProcess server = ServerProcess.start("the Dockerfile's ENTRYPOINT", command,
                image(root, workdir), env, log)) {
            URI health = URI.create(healthUrl().replace(":" + port + "/", ":" + PORT + "/"));
            server.awaitOk(health, Duration.ofSeconds(240));
            PortableFlow flow = new PortableFlow(URI.create(issuer + "/"), health.resolve("./"));
            flow.metadataAtRootWithIssuer(issuer);
            flow.healthReadyWithStorageAndLive("memory");
            flow.confidentialClientCodeRefreshAndIntrospection(issuer);
        }
        Set<String> written = files(root);
        written.removeAll(before);
        String writable = image(root, "/opt/mcp-oauth/tmp").toString();
        List<String> outside = written.stream().filter(f -> !f.startsWith(writable)).collect(Collectors.toList());
        assertTrue(outside.isEmpty(), "the server writes only to its tmp directory: " + outside);
    }

    /** The environment variable MicroProfile Config maps to a key (MP Config 3.1, 2.1.9). */
    private static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** An argument with the image's paths replaced: COPY destinations by their sources, others under root. */
    private static String mapPaths(Path root, String arg) {
        int eq = arg.startsWith("-D") ? arg.indexOf('=') : -1;
        String value = eq < 0 ? arg : arg.substring(eq + 1);
        if (!value.startsWith("/")) {
            return arg;
        }
        String mapped = copies.containsKey(value)
                ? ServerProcess.project().resolve(copies.get(value)).toString()
                : image(root, value).toString();
        return eq < 0 ? mapped : arg.substring(0, eq + 1) + mapped;
    }

    private static Path image(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static Set<String> files(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toSet());
        }
    }

    private static List<String> entrypoint() {
        String json = one("ENTRYPOINT");
        assertTrue(json.startsWith("["), "exec form, so that java is PID 1 and gets SIGTERM: " + json);
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString)
                    .collect(Collectors.toList());
        }
    }

    private static String healthUrl() {
        Matcher m = Pattern.compile("CMD .*?(http://\\S+)").matcher(one("HEALTHCHECK"));
        assertTrue(m.find(), "HEALTHCHECK requests a URL");
        String url = m.group(1);
        assertNotEquals(-1, URI.create(url).getPort());
        return url;
    }

    /** The arguments of the only instruction of that name. */
    private static String one(String name) {
        List<String> found = all(name);
        assertEquals(1, found.size(), "one " + name);
        return found.get(0);
    }

    private static List<String> all(String name) {
        return instructions.stream().filter(i -> i.regionMatches(true, 0, name + " ", 0, name.length() + 1))
                .map(i -> i.substring(name.length() + 1).trim()).collect(Collectors.toList());
    }

    /** The Dockerfile's instructions, comments dropped and continuation lines joined. */
    private static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            if (current.length() > 0) {
                out.add(current.toString().replaceAll("\\s+", " ").trim());
            }
            current.setLength(0);
        }
        return out;
    }
}

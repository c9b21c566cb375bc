package io.mcpoauth.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of {@code docs/architecture.md}, held against the sources: no package reaches itself again
 * through the imports, nothing imports the composition root, and the grant handlers stay a leaf of the server.
 */
class PackageImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/mcpoauth");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.mcpoauth\\.([a-z.]+)\\.[A-Z]",
            Pattern.MULTILINE);

    /** Each package (relative to io.mcpoauth) and the packages its files import. */
    private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher m = IMPORT.matcher(Files.readString(file));
                Set<String> to = IMPORTS.computeIfAbsent(from, k -> new TreeSet<>());
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(IMPORTS.size() > 15, "the sources were found: " + IMPORTS.keySet());
    }

    @Test
    void noPackageReachesItselfThroughItsImports() {
        List<String> cycles = new ArrayList<>();
        for (String start : IMPORTS.keySet()) {
            path(start, start, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    private static void path(String start, String at, List<String> trail, Set<String> seen, List<String> cycles) {
        for (String next : IMPORTS.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", trail) + " -> " + start);
            } else if (seen.add(next)) {
                trail.add(next);
                path(start, next, trail, seen, cycles);
                trail.remove(trail.size() - 1);
            }
        }
    }

    @Test
    void nothingImportsTheCompositionRoot() {
        IMPORTS.forEach((from, to) -> assertTrue(from.equals("app") || !to.contains("app"),
                from + " imports the composition root app"));
    }

    @Test
    void theServerNeverImportsItsGrantHandlers() {
        assertTrue(IMPORTS.get("server.grant").contains("server"), "the handlers implement the server's interface");
        assertTrue(!IMPORTS.get("server").contains("server.grant"), "server imports server.grant");
    }

    @Test
    void configurationReadingKnowsNoOtherPackage() {
        assertEquals(Set.of(), IMPORTS.get("config"));
    }
}

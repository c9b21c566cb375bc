package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp.oauth.storage=jdbc} with nothing else: the server's default DataSource ({@code
 * java:comp/DefaultDataSource}, H2 in Payara Micro's runtime directory). The whole flow works, and with a
 * fixed {@code --rootdir} the tokens outlive a restart.
 */
class JdbcDefaultDataSourceIT {

    private static final Path ROOT = Path.of("target", "payara-root-jdbc-default").toAbsolutePath();
    private static PayaraProcess server;

    private static PayaraProcess start() throws Exception {
        Map<String, String> properties = StorageServers.jdbc("http://localhost:8484", null, null);
        return PayaraProcess.start(8484, properties, "--rootdir", ROOT.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        deleteRoot();
    }

    private static void deleteRoot() throws IOException {
        if (Files.exists(ROOT)) {
            try (Stream<Path> paths = Files.walk(ROOT)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** How many times the server's log says Payara Micro finished booting. */
    private static int boots() throws IOException {
        Path log = Path.of("target", "payara-8484.log");
        return Files.exists(log) ? Files.readString(log).split("\\) ready in ", -1).length - 1 : 0;
    }

    /**
     * Waits until the boot has finished: a server started on a runtime directory that already holds the
     * application answers from it, then redeploys it from {@code --deploy}, and only then says it is ready.
     */
    private static void awaitBooted(int bootsBefore) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (boots() <= bootsBefore && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertTrue(boots() > bootsBefore, "Payara Micro did not finish booting: " + server.tail());
    }

    @Test
    void flowWhenDefaultDataSourceThenWorksAndSurvivesRestartWithRootDir() throws Exception {
        deleteRoot();
        server = start();
        URI base = server.base();
        FlowClient flow = StorageServers.flow(base);
        HttpResponse<String> ready = Http.get(base, "health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"backend\":\"jdbc\"") && ready.body().contains("H2"), ready.body());

        JsonObject tokens = flow.tokens(StorageServers.APP, "ada");
        String access = tokens.getString("access_token");
        assertTrue(flow.active(access));
        HttpResponse<String> refreshed = flow.refresh(StorageServers.APP, tokens.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String next = Http.json(refreshed).getString("refresh_token");
        HttpResponse<String> reused = flow.refresh(StorageServers.APP, tokens.getString("refresh_token"));
        assertEquals(400, reused.statusCode(), "a rotated token used again is reuse: " + reused.body());
        assertFalse(flow.active(next), "reuse revokes the family");
        assertFalse(flow.active(access), "the family's access token too");

        JsonObject kept = flow.tokens(StorageServers.APP, "grace");

        server.stop();
        int boots = boots();
        server = start();
        awaitBooted(boots);
        assertTrue(StorageServers.flow(server.base()).active(kept.getString("access_token")),
                "the H2 database in --rootdir outlives the restart");
        HttpResponse<String> afterRestart = StorageServers.flow(server.base()).refresh(StorageServers.APP, kept.getString("refresh_token"));
        assertEquals(200, afterRestart.statusCode(), afterRestart.body());
    }
}

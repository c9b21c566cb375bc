package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.cimd.TestHttpsServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that identifies itself by a Client ID Metadata Document, on the deployed WAR: the server fetches
 * the document over HTTPS (from a test server on loopback, which the configuration allows here and the
 * server's JVM is told to trust), shows the consent page, and issues tokens to it as a public client.
 */
class ClientIdMetadataDocumentIT {

    private static TestHttpsServer documents;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        documents = new TestHttpsServer();
        Map<String, String> p = new HashMap<>();
        p.put("mcp.oauth.issuer", "http://localhost:8990");
        p.put("mcp.oauth.login.mode", "header");
        p.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        p.put("mcp.oauth.cimd.allow-private-addresses", "true");
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore="
                + documents.keystore().getAbsolutePath() + " -Djavax.net.ssl.trustStorePassword=changeit"
                + " -Djavax.net.ssl.trustStoreType=PKCS12");
        server = PayaraProcess.start(8990, p, env);
    }

    @AfterAll
    static void stop() throws Exception {
        Stop.all(server, documents);
    }

    @Test
    void flowWhenClientIdIsAnHttpsDocumentThenFetchedShownAndTokensIssued() throws Exception {
        String clientId = documents.url("/apps/desktop.json");
        documents.serve("/apps/desktop.json", 200, "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Desktop app\","
                + "\"redirect_uris\":[\"http://127.0.0.1/callback\"]}", Map.of("Cache-Control", "max-age=300"));
        TestClient client = TestClient.publicClient(clientId, "http://127.0.0.1:7000/callback");
        FlowClient flow = new FlowClient(server.base());
        HttpResponse<String> page = Http.get(server.base(), FlowClient.authorizePath(client, "d", null),
                FlowClient.USER_HEADER, "ada");
        assertEquals(200, page.statusCode(), page.body() + server.tail());
        assertTrue(page.body().contains("Desktop app"), page.body());
        assertTrue(page.body().contains("sends you back only to this computer"), "the localhost-only warning");
        HttpResponse<String> approved = Http.answerConsent(server.base(), page, "approve", "X-Forwarded-User", "ada");
        assertEquals(303, approved.statusCode(), approved.body());
        String location = approved.headers().firstValue("Location").orElseThrow();
        assertEquals("d", Query.of(location).get("state"));

        HttpResponse<String> tokens = flow.exchange(client, Query.of(location).get("code"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertTrue(Http.json(tokens).containsKey("refresh_token"));

        // The document was fetched, and the audit lines written, on threads the container's
        // DefaultManagedThreadFactory made: the lines are in the log and the writer is alive.
        Pattern issued = Pattern.compile("\\{[^\\n]*\"event\":\"token.issued\"[^\\n]*\"client\":\"[^\"]*desktop\\.json");
        String log = server.tail();
        for (int i = 0; i < 50 && !issued.matcher(log).find(); i++) {
            Thread.sleep(100);
            log = server.tail();
        }
        assertTrue(issued.matcher(log).find(), log);
        PortableFlow.auditWriterRunning(server.base().resolve("health/"));
    }
}

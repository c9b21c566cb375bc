package io.mcpoauth.it;

import static io.mcpoauth.it.ContainerDeployment.BASE;
import static io.mcpoauth.it.PortableFlow.CONFIDENTIAL;
import static io.mcpoauth.it.PortableFlow.PUBLIC;
import static io.mcpoauth.it.PortableFlow.assertJsonError;
import static io.mcpoauth.metrics.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator metrics on the deployed WAR: a known set of requests moves each counter by a known amount, the
 * endpoint wants its token, and {@code /metrics}, where Payara Micro puts its own, is left as it was (404). Counts are compared before and after, so other tests' traffic does not matter.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

    /** {@code mcp.oauth.metrics.token} in it-server.properties. */
    private static final String TOKEN = "it-metrics-token";
    private static final TestClient MACHINE = TestClient.confidential("it-machine", "it-secret", null, false);
    private static final String ISSUED = "mcp_oauth_tokens_issued_total";

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

    private static String scrape() throws Exception {
        HttpResponse<String> r = Http.get(BASE, "admin/metrics", "Authorization", "Bearer " + TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        // The media type's parameters as JAX-RS writes them: Jersey reorders them, a scraper does not mind.
        String type = r.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains(";version=0.0.4"), type);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        return r.body();
    }

    @Test
    void scrapeAfterKnownRequestsThenCountersMovedByThem() throws Exception {
        String before = scrape();
        FlowClient client = PortableFlow.flow(BASE);

        String code = client.code(CONFIDENTIAL, "ada@example.com");
        HttpResponse<String> exchanged = client.exchange(CONFIDENTIAL, code);
        assertEquals(200, exchanged.statusCode(), exchanged.body());
        JsonObject first = Http.json(exchanged);
        assertTrue(client.active(first.getString("access_token")));
        assertEquals(200, client.refresh(CONFIDENTIAL, first.getString("refresh_token")).statusCode());
        assertJsonError(client.refresh(CONFIDENTIAL, first.getString("refresh_token")), 400, "invalid_grant");
        assertJsonError(client.exchange(CONFIDENTIAL, code), 400, "invalid_grant");
        client.tokens(PUBLIC, "ada@example.com");
        HttpResponse<String> machine = client.clientCredentials(MACHINE);
        assertEquals(200, machine.statusCode(), machine.body());
        assertEquals(200, client.revoke(MACHINE, Http.json(machine).getString("access_token")).statusCode());
        assertFalse(client.active("not-a-token"));
        assertJsonError(Http.postForm(BASE, "introspect", Map.of("token", "x"),
                "Authorization", Http.basic("it-resource-server", "wrong")), 401, "invalid_client");
        assertJsonError(client.clientCredentials(TestClient.confidential("it-machine", "wrong", null, false)), 401,
                "invalid_client");

        String after = scrape();
        assertEquals(1, delta(before, after, ISSUED, "grant_type=\"authorization_code\"",
                "client_kind=\"confidential\""), after);
        assertEquals(1, delta(before, after, ISSUED, "grant_type=\"authorization_code\"", "client_kind=\"public\""),
                after);
        assertEquals(1, delta(before, after, ISSUED, "grant_type=\"refresh_token\"", "client_kind=\"confidential\""),
                after);
        assertEquals(1, delta(before, after, ISSUED, "grant_type=\"client_credentials\"",
                "client_kind=\"confidential\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_refresh_reuse_detected_total"), after);
        assertEquals(1, delta(before, after, "mcp_oauth_code_replays_total"), after);
        assertEquals(2, delta(before, after, "mcp_oauth_token_errors_total", "error=\"invalid_grant\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_token_errors_total", "error=\"invalid_client\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_introspections_total", "outcome=\"active\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_introspections_total", "outcome=\"inactive\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_introspections_total", "outcome=\"rejected\""), after);
        assertEquals(1, delta(before, after, "mcp_oauth_revocations_total", "token_type=\"access_token\""), after);
        assertFalse(after.contains("it-confidential") || after.contains("ada@example.com"),
                "no client id or subject is a label: " + after);
    }

    private static long delta(String before, String after, String name, String... labels) {
        return Math.round(sample(after, name, labels) - sample(before, name, labels));
    }

    @Test
    void scrapeWhenNoOrWrongTokenThenRefusedAndOpenMetricsWhenAsked() throws Exception {
        assertJsonError(Http.get(BASE, "admin/metrics"), 401, "invalid_token");
        assertJsonError(Http.get(BASE, "admin/metrics", "Authorization", "Bearer guess"), 401, "invalid_token");
        HttpResponse<String> open = Http.get(BASE, "admin/metrics", "Authorization", "Bearer " + TOKEN,
                "Accept", "application/openmetrics-text; version=1.0.0");
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                open.headers().toString());
        assertTrue(open.body().contains("# TYPE mcp_oauth_tokens_issued counter") && open.body().endsWith("# EOF\n"),
                open.body());
        assertEquals(404, Http.get(BASE, "admin/export", "Authorization", "Bearer " + TOKEN).statusCode(),
                "the metrics token opens no admin endpoint (none configured here)");
    }

    /**
     * Payara Micro adds its MicroProfile Metrics to the module at the context root; {@code web/RuntimeEndpointsFilter}
     * answers 404 there, as before: ours live under {@code /admin} and stay out of {@code /metrics}.
     */
    @Test
    void runtimeMetricsWhenAskedThenStillNotFoundAndWithoutOurs() throws Exception {
        for (String path : new String[] {"metrics", "metrics/application", "metrics/vendor"}) {
            HttpResponse<String> r = Http.get(BASE, path, "Authorization", "Bearer " + TOKEN);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertFalse(r.body().contains("mcp_oauth_") || r.body().contains("# TYPE"), path + ": " + r.body());
        }
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.metrics.Samples;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the same WAR must do on every server it is dropped into (WildFlyIT, OpenLibertyIT, and DockerfileIT on the
 * Payara Micro that the Dockerfile's ENTRYPOINT starts): the authorization-code flow with the gateway header
 * login, with and without the consent page, code exchange, refresh with rotation, introspection, dynamic
 * registration, the health checks, and the shape of the errors the JAX-RS implementation produces (404, 405,
 * 415, CORS preflight), which differ between Jersey and RESTEasy unless the application maps them.
 *
 * <p>The server runs the test configuration ({@code it-server.properties}): clients {@code it-confidential}
 * (first party, no consent page), {@code it-public}, {@code it-resource-server}, header login from loopback.
 */
final class PortableFlow {

    /** The first-party confidential client, never asked for consent. */
    static final TestClient CONFIDENTIAL =
            TestClient.confidential("it-confidential", "it-secret", "http://127.0.0.1:50001/callback", true);
    static final TestClient PUBLIC = TestClient.publicClient("it-public", "http://127.0.0.1:50002/callback");
    /** The resource server, which may introspect every client's tokens. */
    static final TestClient RESOURCE_SERVER = TestClient.confidential("it-resource-server", "it-secret", null, false);
    private static final String USER = FlowClient.USER_HEADER;

    private final URI base;
    private final URI health;
    private final FlowClient client;

    /**
     * @param base   the application, e.g. {@code http://localhost:8780/}
     * @param health where {@code ready} and {@code live} are, e.g. {@code http://localhost:9790/health/}
     */
    PortableFlow(URI base, URI health) {
        this.base = base;
        this.health = health;
        this.client = flow(base);
    }

    /** The flow against a server of the test configuration. */
    static FlowClient flow(URI base) {
        return new FlowClient(base, RESOURCE_SERVER);
    }

    /** The test configuration ({@code it-server.properties}) with the issuer of the server under test. */
    static Map<String, String> testProperties(String issuer) throws IOException {
        Properties p = new Properties();
        Path file = Path.of(System.getProperty("mcp.oauth.it.server-properties",
                "target/test-classes/it-server.properties"));
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        out.put("mcp.oauth.issuer", issuer);
        return out;
    }

    /** Metadata names this server's origin as issuer and endpoint base (RFC 8414 3: served at the root). */
    void metadataAtRootWithIssuer(String issuer) throws Exception {
        HttpResponse<String> r = Http.get(base, ".well-known/oauth-authorization-server");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject m = Http.json(r);
        assertEquals(issuer, m.getString("issuer"));
        assertEquals(issuer + "/token", m.getString("token_endpoint"));
        assertEquals(issuer + "/authorize", m.getString("authorization_endpoint"));
        assertEquals("[\"S256\"]", m.get("code_challenge_methods_supported").toString());
    }

    /** Readiness includes the storage check on the given backend; liveness the application's own check. */
    void healthReadyWithStorageAndLive(String backend) throws Exception {
        HttpResponse<String> ready = Http.get(health, "ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject status = Http.json(ready);
        assertEquals("UP", status.getString("status"), ready.body());
        JsonObject storage = status.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "mcp-oauth-storage".equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no storage check: " + ready.body()));
        assertEquals("UP", storage.getString("status"));
        assertEquals(backend, storage.getJsonObject("data").getString("backend"), ready.body());
        HttpResponse<String> live = Http.get(health, "live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("\"mcp-oauth\""), live.body());
    }

    /**
     * The first-party confidential client: header login, no consent page, code exchange with Basic
     * authentication, introspection by the resource server, refresh that rotates, and reuse of the rotated
     * refresh token refused (RFC 9700 4.14.2).
     */
    void confidentialClientCodeRefreshAndIntrospection(String issuer) throws Exception {
        HttpResponse<String> authorized = Http.get(base, FlowClient.authorizePath(CONFIDENTIAL, "c1",
                "mcp:read mcp:write"), USER, "ada@example.com");
        assertEquals(302, authorized.statusCode(), authorized.body());
        Map<String, String> q = Query.of(authorized.headers().firstValue("Location").orElseThrow());
        assertEquals("c1", q.get("state"));
        assertEquals(issuer, q.get("iss"), "RFC 9207 iss");

        HttpResponse<String> tokens = client.exchange(CONFIDENTIAL, q.get("code"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("no-store", tokens.headers().firstValue("Cache-Control").orElse(""));
        JsonObject first = Http.json(tokens);
        assertEquals("Bearer", first.getString("token_type"));
        assertTrue(first.getString("scope").contains("mcp:read") && first.getString("scope").contains("mcp:write"),
                tokens.body());

        JsonObject info = client.introspection(first.getString("access_token"));
        assertTrue(info.getBoolean("active"), info.toString());
        assertEquals("ada@example.com", info.getString("sub"));
        assertEquals("it-confidential", info.getString("client_id"));

        HttpResponse<String> refreshed = client.refresh(CONFIDENTIAL, first.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        JsonObject second = Http.json(refreshed);
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"), "refresh tokens rotate");
        assertTrue(client.active(second.getString("access_token")));

        HttpResponse<String> reused = client.refresh(CONFIDENTIAL, first.getString("refresh_token"));
        assertJsonError(reused, 400, "invalid_grant");
        assertFalse(client.active(second.getString("access_token")),
                "reuse of a rotated refresh token revokes the grant");
        assertJsonError(client.exchange(CONFIDENTIAL, q.get("code")), 400, "invalid_grant");
        auditWriterRunning(health);
    }

    /**
     * After tokens were issued (so audit lines were written): the audit writer, a thread made by the container's
     * {@code DefaultManagedThreadFactory}, started and is alive.
     *
     * @param health where {@code live} is
     */
    static void auditWriterRunning(URI health) throws Exception {
        HttpResponse<String> live = Http.get(health, "live");
        JsonObject audit = Http.json(live).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> "mcp-oauth-audit".equals(c.getString("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no audit check: " + live.body()));
        assertEquals("UP", audit.getString("status"), live.body());
        assertEquals("running", audit.getJsonObject("data").getString("writer"), live.body());
    }

    /**
     * The operator metrics with {@code mcp.oauth.metrics.token}: a client_credentials token moves its counter by
     * one, and the storage call that saved it is timed under the backend's name. The same text on every server:
     * the Prometheus client is bundled in the WAR.
     */
    void operatorMetricsWithStorageTimed(String backend) throws Exception {
        String before = scrapeMetrics();
        HttpResponse<String> issued = client.clientCredentials(
                TestClient.confidential("it-machine", "it-secret", null, false));
        assertEquals(200, issued.statusCode(), issued.body());
        String after = scrapeMetrics();
        String name = "mcp_oauth_tokens_issued_total";
        String[] labels = {"grant_type=\"client_credentials\"", "client_kind=\"confidential\""};
        assertEquals(1.0, Samples.sample(after, name, labels) - Samples.sample(before, name, labels), after);
        assertTrue(Samples.sample(after, "mcp_oauth_storage_operation_seconds_count",
                "backend=\"" + backend + "\"", "operation=\"saveAccessToken\"") >= 1, after);
        assertJsonError(Http.get(base, "admin/metrics", "Authorization", "Bearer wrong"), 401, "invalid_token");
    }

    private String scrapeMetrics() throws Exception {
        HttpResponse<String> r = Http.get(base, "admin/metrics", "Authorization", "Bearer it-metrics-token");
        assertEquals(200, r.statusCode(), r.body());
        String type = r.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4"), type);
        return r.body();
    }

    /**
     * A public client: the consent page (with its same-site CSRF cookie) answered with approve, a 303 back to
     * the loopback redirect URI on any port (RFC 8252 7.3), PKCE exchange without a secret, refresh.
     */
    void publicClientWithConsentPkceAndRefresh(String issuer) throws Exception {
        HttpResponse<String> page = Http.get(base, FlowClient.authorizePath(PUBLIC, "p1", "mcp:read"), USER, "grace");
        assertEquals(200, page.statusCode(), "it-public is asked for consent: " + page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mcp_oauth_csrf="))
                .findFirst().orElseThrow(() -> new AssertionError("no CSRF cookie"));
        assertTrue(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"), cookie);

        HttpResponse<String> approved = Http.answerConsent(base, page, "approve", USER, "grace");
        assertEquals(303, approved.statusCode(), approved.body());
        String location = approved.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://127.0.0.1:50002/callback?"), location);
        Map<String, String> q = Query.of(location);
        assertEquals("p1", q.get("state"));
        assertEquals(issuer, q.get("iss"));

        HttpResponse<String> tokens = client.exchange(PUBLIC, q.get("code"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonObject t = Http.json(tokens);
        assertEquals("mcp:read", t.getString("scope"));

        HttpResponse<String> refreshed = client.refresh(PUBLIC, t.getString("refresh_token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertNotEquals(t.getString("refresh_token"), Http.json(refreshed).getString("refresh_token"));

        // Consent is remembered: the next authorization redirects at once.
        HttpResponse<String> again = Http.get(base, FlowClient.authorizePath(PUBLIC, "p2", "mcp:read"), USER, "grace");
        assertEquals(302, again.statusCode(), again.body());
    }

    /** Dynamic registration (RFC 7591) of a public client, JSON in and out. */
    void registrationOfPublicClient() throws Exception {
        HttpResponse<String> created = Http.post(base, "register", "application/json",
                "{\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"client_name\":\"Portable app\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject client = Http.json(created);
        assertFalse(client.getString("client_id").isEmpty());
        assertFalse(client.containsKey("client_secret"));
        assertJsonError(Http.post(base, "register", "application/json", "not json"), 400, "invalid_client_metadata");
    }

    /**
     * Errors the JAX-RS runtime itself raises (unknown path, wrong method, wrong media type), the login error
     * page without the gateway's header, bad client authentication, and CORS: all as on Payara.
     */
    void errorsAndCorsAsOnEveryServer() throws Exception {
        tokenEndpointErrors(base);

        HttpResponse<String> anonymous = Http.get(base, FlowClient.authorizePath(PUBLIC, "x", "mcp:read"));
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("Location").isEmpty());

        HttpResponse<String> preflight = Http.send(base, "token", "OPTIONS", "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST");
        assertTrue(preflight.statusCode() < 300, preflight.statusCode() + " " + preflight.body());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"),
                preflight.headers().map().toString());
        assertFalse(preflight.body().contains("wadl"), "no generated WADL: " + preflight.body());
        HttpResponse<String> meta = Http.get(base, ".well-known/oauth-authorization-server", "Origin",
                "https://app.example");
        assertEquals("*", meta.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }


    /**
     * The JSON errors of an unknown path, and of the token endpoint for a wrong method, a wrong media type and a
     * wrong secret of the test configuration's {@code it-machine} (with a Basic challenge).
     */
    static void tokenEndpointErrors(URI base) throws Exception {
        assertJsonError(Http.get(base, "no-such-endpoint"), 404, "not_found");
        assertJsonError(Http.get(base, "token"), 405, "invalid_request");
        assertJsonError(Http.post(base, "token", "application/json", "{}"), 415, "invalid_request");
        HttpResponse<String> wrong = Http.postForm(base, "token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic("it-machine", "not-the-secret"));
        assertJsonError(wrong, 401, "invalid_client");
        assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    static void assertJsonError(HttpResponse<String> r, int status, String error) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                r.headers().map() + " " + r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(error, Http.json(r).getString("error"), r.body());
        assertFalse(r.body().contains("Exception"), "no internals in error bodies: " + r.body());
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code container} login mode on WildFly 39 with its OpenID Connect client: the commented commands of
 * {@code server-config/wildfly/container-oidc.cli}, uncommented with the test provider's URL, make
 * {@code elytron-oidc-client} sign the user in at {@code /login/container} against {@link TestOidcProvider}; the
 * provider's {@code realm_access.roles} give the role, {@code preferred_username} the user.
 */
class WildFlyOidcLoginIT {

    private static final WildFlyProcess.Layout LAYOUT =
            new WildFlyProcess.Layout("wildfly-oidc-it", 9225, 9226, 9227);
    private static final String ISSUER = "http://localhost:" + LAYOUT.http();
    private static final String CALLBACK = ContainerLoginFlow.callback("it-confidential");

    private static TestOidcProvider provider;
    private static WildFlyProcess wildfly;

    @BeforeAll
    static void start() throws Exception {
        provider = new TestOidcProvider(9240, "mcp-oauth", "oidc-client-secret");
        String shipped = Files.readString(ServerProcess.project().resolve("server-config/wildfly/container-oidc.cli"),
                StandardCharsets.UTF_8);
        String script = shipped.replaceAll("(?m)^# (/subsystem=elytron-oidc-client/)", "$1")
                .replace("https://idp.example.com/realms/corp", provider.issuer());
        assertTrue(script.contains("secure-deployment=mcp-oauth.war:add("), "the shipped commands: " + script);
        Path cli = ServerProcess.target().resolve("wildfly-oidc-it.cli");
        Files.writeString(cli, script, StandardCharsets.UTF_8);
        wildfly = WildFlyProcess.start(LAYOUT, ContainerLoginFlow.properties(ISSUER),
                Map.of("MCP_OAUTH_OIDC_CLIENT_SECRET", "oidc-client-secret"), List.of(), List.of(cli));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (wildfly != null) {
                wildfly.close();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void codeFlowWhenProviderUserHasTheRoleThenSignedInAsPreferredUsername() throws Exception {
        provider.signInAs("ada", List.of("mcp-oauth-user"));
        HttpClient browser = browser();
        URI link = authorize(browser, "o1");
        HttpResponse<String> challenge = get(browser, link);
        assertEquals(302, challenge.statusCode(), challenge.body());
        assertTrue(challenge.headers().firstValue("Location").orElse("").startsWith(provider.issuer() + "/authorize?"),
                "WildFly sends the browser to the provider: " + challenge.headers().map());

        HttpResponse<String> done = follow(browser, link);
        assertEquals(302, done.statusCode(), done.body() + wildfly.tail());
        Map<String, String> q = PortableFlow.query(done.headers().firstValue("Location").orElseThrow());
        assertEquals("o1", q.get("state"));
        assertEquals("ada", ContainerLoginFlow.subjectOfCode(wildfly.base(), "it-confidential", q.get("code")));
    }

    @Test
    void signInWhenProviderUserLacksTheRoleThenRefused() throws Exception {
        provider.signInAs("bob", List.of("accounting"));
        HttpClient browser = browser();
        HttpResponse<String> done = follow(browser, authorize(browser, "o2"));
        assertEquals(403, done.statusCode(), done.body() + wildfly.tail());
        assertTrue(done.body().contains("access_denied"), done.body());
    }

    /** The authorization request, in the browser (which keeps the sign-in cookie); where it is sent next. */
    private static URI authorize(HttpClient browser, String state) throws Exception {
        HttpResponse<String> r = get(browser, wildfly.base().resolve("authorize?response_type=code"
                + "&client_id=it-confidential&redirect_uri=" + Http.enc(CALLBACK) + "&state=" + state
                + "&scope=mcp%3Aread&code_challenge=" + PortableFlow.CHALLENGE + "&code_challenge_method=S256"));
        assertEquals(302, r.statusCode(), r.body());
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    /** A browser: keeps cookies, follows no redirect by itself. */
    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient browser, URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects between WildFly and the provider; stops at the client's callback or a page. */
    private static HttpResponse<String> follow(HttpClient browser, URI start) throws Exception {
        URI next = start;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> r = get(browser, next);
            String location = r.headers().firstValue("Location").orElse(null);
            if (r.statusCode() / 100 != 3 || location == null || location.startsWith(CALLBACK)) {
                return r;
            }
            next = next.resolve(location);
        }
        throw new AssertionError("too many redirects from " + start);
    }
}

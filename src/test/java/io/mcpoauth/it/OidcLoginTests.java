package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The container login through a server's OpenID Connect client, against {@link TestOidcProvider}: the server
 * sends the browser to the provider, the provider's user with the group (role) {@code mcp-oauth-user} signs in as
 * their {@code preferred_username}, another user is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OidcLoginTests {

    private final int port;
    private TestOidcProvider provider;
    private RunningServer server;

    /** @param port the application's HTTP port on this server */
    OidcLoginTests(int port) {
        this.port = port;
    }

    /** Starts the OpenID provider the server will trust. */
    abstract TestOidcProvider startProvider() throws Exception;

    /** Starts the server with the test configuration in container mode, signing users in at the provider. */
    abstract RunningServer start(Map<String, String> properties, TestOidcProvider provider) throws Exception;

    /** A browser that trusts the provider. */
    abstract OidcBrowser browser();

    @BeforeAll
    final void startBoth() throws Exception {
        provider = startProvider();
        server = start(ContainerLoginFlow.properties("http://localhost:" + port), provider);
    }

    @AfterAll
    final void stopBoth() throws Exception {
        Stop.all(server, provider);
    }

    private URI base() {
        return server.base();
    }

    private TestOidcProvider provider() {
        return provider;
    }

    @Test
    void codeFlowWhenProviderUserHasTheRoleThenSignedInAsPreferredUsername() throws Exception {
        provider().signInAs("ada", List.of("mcp-oauth-user"));
        OidcBrowser browser = browser();
        URI link = browser.authorize(base(), "o1");
        HttpResponse<String> challenge = browser.get(link);
        assertEquals(302, challenge.statusCode(), challenge.body());
        assertTrue(challenge.headers().firstValue("Location").orElse("").startsWith(provider().issuer() + "/authorize?"),
                "the server sends the browser to the provider: " + challenge.headers().map());

        HttpResponse<String> done = browser.follow(link);
        assertEquals(302, done.statusCode(), done.body());
        Map<String, String> q = Query.of(done.headers().firstValue("Location").orElseThrow());
        assertEquals("o1", q.get("state"));
        assertEquals("ada", ContainerLoginFlow.subjectOfCode(base(), PortableFlow.CONFIDENTIAL, q.get("code")));
    }

    @Test
    void signInWhenProviderUserLacksTheRoleThenRefused() throws Exception {
        provider().signInAs("bob", List.of("accounting"));
        OidcBrowser browser = browser();
        HttpResponse<String> done = browser.follow(browser.authorize(base(), "o2"));
        assertEquals(403, done.statusCode(), done.body());
        assertTrue(done.body().contains("access_denied"), done.body());
    }
}

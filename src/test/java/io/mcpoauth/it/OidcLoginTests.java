package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container login through a server's OpenID Connect client, against {@link TestOidcProvider}: the server
 * sends the browser to the provider, the provider's user with the group (role) {@code mcp-oauth-user} signs in as
 * their {@code preferred_username}, another user is refused.
 */
abstract class OidcLoginTests {

    /** The application on the server the subclass started. */
    abstract URI base();

    abstract TestOidcProvider provider();

    abstract OidcBrowser browser();

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
        Map<String, String> q = PortableFlow.query(done.headers().firstValue("Location").orElseThrow());
        assertEquals("o1", q.get("state"));
        assertEquals("ada", ContainerLoginFlow.subjectOfCode(base(), "it-confidential", q.get("code")));
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

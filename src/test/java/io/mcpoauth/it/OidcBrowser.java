package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A browser for the OpenID Connect sign-in tests: keeps cookies, follows the redirects between the server and
 * the provider one by one, runs no scripts, and stops at the OAuth client's callback.
 */
final class OidcBrowser {

    static final String CALLBACK = PortableFlow.CONFIDENTIAL.redirect();

    private final HttpClient client;

    /** @param tls trusts the provider's (and the server's) certificate; null for http only */
    OidcBrowser(SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10));
        this.client = (tls == null ? b : b.sslContext(tls)).build();
    }

    HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The authorization request of {@code it-confidential}; returns where the server sends the browser. */
    URI authorize(URI base, String state) throws Exception {
        HttpResponse<String> r = get(base.resolve(FlowClient.authorizePath(PortableFlow.CONFIDENTIAL, state,
                "mcp:read")));
        assertEquals(302, r.statusCode(), r.body());
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    /** Follows redirects from {@code start}; returns the redirect to the client's callback, or the first page. */
    HttpResponse<String> follow(URI start) throws Exception {
        URI next = start;
        StringBuilder hops = new StringBuilder();
        for (int hop = 0; hop < 12; hop++) {
            HttpResponse<String> r = get(next);
            String location = r.headers().firstValue("Location").orElse(null);
            hops.append(r.statusCode()).append(' ').append(next).append('\n');
            if (r.statusCode() / 100 != 3 || location == null || location.startsWith(CALLBACK)) {
                return r;
            }
            next = next.resolve(location);
        }
        throw new AssertionError("too many redirects:\n" + hops);
    }
}

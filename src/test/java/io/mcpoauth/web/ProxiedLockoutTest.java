package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.server.ClientCredentials;
import io.mcpoauth.server.OAuthProvider;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.store.memory.MemoryStorage;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy every request has the proxy's address: failures with random client ids from one
 * client behind it must not lock out another client behind it (issue 13, item 3). Requests go through the
 * filter and {@link Requests#context}, as in the server.
 */
class ProxiedLockoutTest {

    private static final String PROXY = "10.0.0.1";
    private static final String SECRET = "machine-secret";
    private static final String SECRET_HASH =
            new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);

    private static OAuthProvider provider(OAuthSettings settings) {
        Clock clock = Clock.systemUTC();
        return new OAuthProvider(settings, new MemoryStorage(1_000), new MemoryRateLimiter(),
                new ClientIdMetadataResolver(settings.cimd(), FetchTransport.system(), clock), new SecretVerifier(),
                new AuditLog(clock), clock);
    }

    private static OAuthSettings settings(String trustedProxies) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.http.trusted-proxies", trustedProxies);
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.clients", "machine");
        c.put("mcp.oauth.client.machine.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.machine.grant-types", "client_credentials");
        return OAuthSettings.load(ConfigSource.of(c));
    }

    /** The context the server builds for a request from the peer with that X-Forwarded-For. */
    private static RequestContext context(String trustedProxies, String peer, String forwardedFor) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                ProxiedLockoutTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeaders" -> "X-Forwarded-For".equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(List.of(forwardedFor)) : Collections.emptyEnumeration();
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        AtomicReference<RequestContext> seen = new AtomicReference<>();
        ClientAddress addresses = new ClientAddress(
                ForwardedSettings.load(ConfigSource.of(Map.of("mcp.oauth.http.trusted-proxies", trustedProxies))));
        if (addresses.enabled()) {
            new ClientAddressFilter.Resolve(addresses).doFilter(request, null,
                    (req, resp) -> seen.set(Requests.context((HttpServletRequest) req)));
        } else {
            seen.set(Requests.context(request));
        }
        return seen.get();
    }

    private static Object clientCredentials(OAuthProvider provider, String id, String secret, RequestContext from) {
        Parameters params = Parameters.of(Map.of("grant_type", "client_credentials"));
        String basic = "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return provider.token(new TokenRequest(params, ClientCredentials.from(basic, params), from)).accessToken();
    }

    @Test
    void tokenWhenRandomIdsFailThroughTrustedProxyThenAClientWithAnotherForwardedAddressIsServed() throws Exception {
        OAuthSettings settings = settings("10.0.0.0/8");
        OAuthProvider provider = provider(settings);
        RequestContext attacker = context("10.0.0.0/8", PROXY, "198.51.100.7");
        assertEquals("198.51.100.7", attacker.remoteAddress());
        for (int i = 0; i < 31; i++) {
            int n = i;
            assertThrows(OAuthException.class, () -> clientCredentials(provider, "random-" + n, "guess", attacker));
        }
        assertThrows(RateLimitedException.class, () -> clientCredentials(provider, "random-x", "guess", attacker),
                "the attacker's own address no longer has secrets checked");
        RequestContext machine = context("10.0.0.0/8", PROXY, "198.51.100.8");
        assertNotNull(clientCredentials(provider, "machine", SECRET, machine));
    }

    @Test
    void tokenWhenForwardedForComesFromAnUntrustedPeerThenItIsIgnored() throws Exception {
        OAuthSettings settings = settings("");
        OAuthProvider provider = provider(settings);
        RequestContext attacker = context("", PROXY, "198.51.100.7");
        assertEquals(PROXY, attacker.remoteAddress());
        assertEquals(PROXY, context("192.0.2.0/24", PROXY, "198.51.100.7").remoteAddress(), "the peer is not a trusted proxy");
        for (int i = 0; i < 31; i++) {
            int n = i;
            assertThrows(OAuthException.class, () -> clientCredentials(provider, "random-" + n, "guess", attacker));
        }
        // One address for everyone: a secret never verified is not checked while the address is locked.
        assertThrows(RateLimitedException.class,
                () -> clientCredentials(provider, "machine", SECRET, context("", PROXY, "198.51.100.8")));
    }
}

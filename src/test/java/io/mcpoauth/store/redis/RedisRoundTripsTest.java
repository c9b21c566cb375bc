package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.ratelimit.ReconcilingRateLimiter;
import io.mcpoauth.server.EndpointServices;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an introspection and a refresh cost in Redis round trips, with everything a request does but HTTP (rate
 * limits as the application builds them on Redis, client authentication of configured confidential clients,
 * audit events), counted on the storage's own connections ({@link CountingClient}). Counted once the caller's
 * rate-limit keys are in the limiter's view, as for any client that keeps calling.
 */
class RedisRoundTripsTest {

    private static final String SECRET = "round-trip secret";
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private final String prefix = RedisTests.newPrefix();
    private final CountingClient client = new CountingClient();
    private RedisStorage storage;
    private ReconcilingRateLimiter limiter;
    private EndpointServices services;

    @BeforeEach
    void open() {
        RedisSettings settings = RedisTests.settings(prefix, Map.of());
        storage = new RedisStorage(settings, new RedisExecutor(client::jedis, 3, Duration.ofMillis(10),
                Duration.ofMillis(100)));
        OAuthSettings oauth = OAuthSettings.load(ConfigSource.of(config()));
        limiter = new ReconcilingRateLimiter(storage.rateLimiter(), oauth.rateLimits().reconcileInterval());
        services = new EndpointServices(oauth, storage, limiter, FetchTransport.system(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        limiter.reconcile(NOW);
    }

    @AfterEach
    void close() {
        storage.close();
        RedisTests.deleteAll(prefix);
    }

    @Test
    void introspectWhenClientIsConfiguredThenOneRoundTrip() {
        String token = token(Map.of("grant_type", "client_credentials"), "svc").accessToken();
        assertEquals(true, introspect(token), "the first call reads the caller's counters");
        limiter.reconcile(NOW);
        client.takeSent();
        for (int i = 0; i < 3; i++) {
            assertEquals(true, introspect(token));
            assertEquals(List.of("EVALSHA"), client.takeSent(), "the token and its grant's revocation, one script");
        }
        limiter.reconcile(NOW);
        assertEquals(List.of("EVALSHA"), client.takeSent(), "a reconcile sends every count in one call");
        assertEquals(false, introspect("no-such-token"));
        assertEquals(List.of("EVALSHA"), client.takeSent());
    }

    @Test
    void refreshWhenClientIsConfiguredThenTwoRoundTripsAndTheSubjectsBlock() {
        String refresh = seedRefreshToken();
        refresh = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh), "app").refreshToken();
        limiter.reconcile(NOW);
        client.takeSent();
        for (int i = 0; i < 3; i++) {
            TokenResponse next = token(Map.of("grant_type", "refresh_token", "refresh_token", refresh), "app");
            List<String> sent = client.takeSent();
            // The presented token with its grant's revocation; then the rotation, which also writes the successor,
            // its index and the new access token; then whether the subject is blocked (offboarding), read after the
            // tokens are stored so that a block set meanwhile is never missed. Folding that read into the first
            // script would bring a refresh back to two.
            assertEquals(List.of("EVALSHA", "EVALSHA", "GET"), sent, "round trips of a refresh");
            assertNotNull(next.refreshToken());
            refresh = next.refreshToken();
            assertEquals(true, introspect(next.accessToken()), "the access token was stored by the rotation");
            client.takeSent();
        }
    }

    private String seedRefreshToken() {
        String value = Tokens.newToken();
        Grant grant = new Grant(Tokens.newId(), "app", "alice", Scope.parse("mcp:read"), List.of());
        storage.refreshTokens().saveRefreshToken(new RefreshTokenRecord(Tokens.hash(value), grant, NOW,
                NOW.plus(Duration.ofHours(1)), false), NOW);
        return value;
    }

    private Object introspect(String token) {
        return services.introspection().introspect(Map.of("token", List.of(token)), basic("rs"),
                RequestContext.UNKNOWN).get("active");
    }

    private TokenResponse token(Map<String, String> form, String clientId) {
        Map<String, List<String>> params = new HashMap<>();
        form.forEach((k, v) -> params.put(k, List.of(v)));
        return services.tokens().token(params, basic(clientId), RequestContext.UNKNOWN);
    }

    private static String basic(String clientId) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> config() {
        String hash = new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);
        // app refreshes; svc gets tokens for itself; rs, a resource server, introspects them.
        Map<String, String> c = new HashMap<>(Map.of("mcp.oauth.issuer", "https://as.example.com",
                "mcp.oauth.login.mode", "header", "mcp.oauth.scopes", "mcp:read mcp:write",
                "mcp.oauth.clients", "app,svc,rs", "mcp.oauth.client.app.redirect-uris", "http://127.0.0.1/cb",
                "mcp.oauth.client.svc.grant-types", "client_credentials",
                "mcp.oauth.client.rs.grant-types", "client_credentials", "mcp.oauth.client.rs.introspect-any", "true"));
        for (String id : List.of("app", "svc", "rs")) {
            c.put("mcp.oauth.client." + id + ".secret-hash", hash);
        }
        return c;
    }
}

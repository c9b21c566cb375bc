package io.mcpoauth.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.Storage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Token and introspection requests with everything a request does but HTTP (client authentication of configured
 * confidential clients, audit events), on a storage whose round trips a test counts, at a fixed time. The clients:
 * {@code app} refreshes, {@code svc} gets tokens for itself, {@code rs}, a resource server, introspects them.
 */
public final class RoundTripRequests {

    private static final String SECRET = "round-trip secret";

    private final Storage storage;
    private final Instant now;
    private final EndpointServices services;

    /** @param limiter the rate limiter built from the settings (null: one in memory) */
    public RoundTripRequests(Storage storage, Instant now, Function<OAuthSettings, RateLimiter> limiter) {
        this.storage = storage;
        this.now = now;
        OAuthSettings oauth = OAuthSettings.load(ConfigSource.of(config()));
        services = new EndpointServices(oauth, storage, limiter.apply(oauth), FetchTransport.system(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /** The audience of {@link #seedRefreshToken(Duration)}'s grant. */
    public static final List<String> RESOURCES = List.of("https://mcp.example.com/mcp", "https://files.example.com/mcp");

    /**
     * A refresh token of {@code app} for alice, of a grant for {@link #RESOURCES}, stored as issued {@code age} ago
     * and living an hour from now.
     */
    public String seedRefreshToken(Duration age) {
        return seedRefreshToken(age, RESOURCES);
    }

    /** As {@link #seedRefreshToken(Duration)}, for a grant whose audience is {@code resources}. */
    public String seedRefreshToken(Duration age, List<String> resources) {
        String value = Tokens.newToken();
        Grant grant = new Grant(Tokens.newId(), "app", "alice", Scope.parse("mcp:read mcp:write"), resources);
        storage.refreshTokens().saveRefreshToken(new RefreshTokenRecord(Tokens.hash(value), grant, now.minus(age),
                now.plus(Duration.ofHours(1)), false), now);
        return value;
    }

    public TokenResponse refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken), "app");
    }

    /** A refresh with one more parameter ({@code resource}, {@code scope}). */
    public TokenResponse refresh(String refreshToken, String name, String value) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, name, value), "app");
    }

    public TokenResponse token(Map<String, String> form, String clientId) {
        Map<String, List<String>> params = new HashMap<>();
        form.forEach((k, v) -> params.put(k, List.of(v)));
        return services.tokens().token(params, basic(clientId), RequestContext.UNKNOWN);
    }

    /** Introspection by {@code rs}: whether the token is active. */
    public Object introspect(String token) {
        return services.introspection().introspect(Map.of("token", List.of(token)), basic("rs"),
                RequestContext.UNKNOWN).get("active");
    }

    private static String basic(String clientId) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> config() {
        String hash = new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);
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

package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.Pkce;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.server.ClientCredentials;
import io.mcpoauth.server.OAuthProvider;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.ValidatedAuthorization;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Storage that cannot answer, under every kind of endpoint: each answers 503 with {@code Retry-After}, as JSON
 * to a client and as a page to a browser, and never says what the backend said.
 */
class StorageOutageAnswerTest {

    private static final String DETAIL = "connection refused: db-internal.example:5432";
    private static final String SECRET = "outage-secret";
    private static final String HASH =
            new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);
    private static final String ADMIN = "admin-token-long-enough-to-be-a-secret";
    private static final String REDIRECT = "http://127.0.0.1/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final RequestContext FROM = new RequestContext("192.0.2.7");

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    /** A storage whose every store throws what a backend throws when its database or Redis is away. */
    private static Storage down() {
        return failing(Storage.class);
    }

    /**
     * A store that throws on every call; what its getters hand out (a store, or a record of stores) fails the
     * same way.
     */
    @SuppressWarnings("unchecked")
    private static <T> T failing(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "name", "toString" -> "down";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                Class<?> returned = method.getReturnType();
                boolean getter = method.getParameterCount() == 0;
                if (getter && returned.isInterface()) {
                    yield failing(returned);
                }
                if (getter && returned.isRecord() && Arrays.stream(returned.getRecordComponents())
                        .allMatch(c -> c.getType().isInterface())) {
                    RecordComponent[] parts = returned.getRecordComponents();
                    Object[] values = new Object[parts.length];
                    Class<?>[] types = new Class<?>[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        types[i] = parts[i].getType();
                        values[i] = failing(types[i]);
                    }
                    yield returned.getDeclaredConstructor(types).newInstance(values);
                }
                throw new StorageUnavailableException(DETAIL);
            }
        };
        return (T) Proxy.newProxyInstance(StorageOutageAnswerTest.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    private OAuthProvider provider(RateLimiter limiter) {
        Map<String, String> c = Map.of("mcp.oauth.issuer", "https://as.example.com", "mcp.oauth.login.mode", "header",
                "mcp.oauth.scopes", "mcp:read", "mcp.oauth.clients", "app,rs", "mcp.oauth.client.app.redirect-uris",
                REDIRECT, "mcp.oauth.client.rs.secret-hash", HASH, "mcp.oauth.client.rs.grant-types",
                "client_credentials", "mcp.oauth.admin.token", ADMIN);
        OAuthSettings settings = OAuthSettings.load(ConfigSource.of(c));
        return new OAuthProvider(settings, down(), limiter,
                new ClientIdMetadataResolver(settings.cimd(), FetchTransport.system(), clock), new SecretVerifier(),
                new AuditLog(clock), clock);
    }

    private static ClientCredentials rs() {
        return new ClientCredentials("rs", SECRET, ClientAuthMethod.CLIENT_SECRET_BASIC);
    }

    private static Parameters form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Parameters.of(m);
    }

    private static ValidatedAuthorization authorization(OAuthProvider provider) {
        return provider.validateAuthorization(form("response_type", "code", "client_id", "app", "redirect_uri",
                REDIRECT, "code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"), FROM);
    }

    /** A client's endpoint: the provider's exception as its mapper answers it. */
    private static Answer json(Runnable call) {
        return ErrorRoutesTest.answer(assertThrows(RuntimeException.class, call::run));
    }

    /** A browser's endpoint: run as the page resources run their work. */
    private static Answer page(Runnable call) {
        return ErrorRoutesTest.answer(assertThrows(RuntimeException.class, () -> ErrorRoutes.shownToUser(() -> {
            call.run();
            return null;
        })));
    }

    private static void assertUnavailable(String endpoint, Answer a, boolean page) {
        assertEquals(503, a.status(), endpoint + ": " + a.body());
        assertEquals("5", a.header("Retry-After"), endpoint);
        assertTrue(a.header("Content-Type").startsWith(page ? "text/html" : "application/json"), endpoint);
        assertTrue(a.body().contains("temporarily_unavailable"), endpoint + ": " + a.body());
        assertFalse(a.body().contains("db-internal") || a.body().contains("5432"), endpoint + ": " + a.body());
    }

    @Test
    void everyEndpointWhenStorageUnavailableThen503WithRetryAfter() {
        OAuthProvider provider = provider(new MemoryRateLimiter());
        Map<String, Supplier<Answer>> clientEndpoints = new LinkedHashMap<>();
        clientEndpoints.put("token", () -> json(() -> provider.token(new TokenRequest(
                form("grant_type", "client_credentials"), rs(), FROM))));
        clientEndpoints.put("token (code)", () -> json(() -> provider.token(new TokenRequest(
                form("grant_type", "authorization_code", "code", "c", "redirect_uri", REDIRECT,
                        "code_verifier", VERIFIER), new ClientCredentials("app", null, ClientAuthMethod.NONE), FROM))));
        clientEndpoints.put("introspect", () -> json(() -> provider.introspect(form("token", "t"), rs(), FROM)));
        clientEndpoints.put("revoke", () -> json(() -> provider.revoke(form("token", "t"), rs(), FROM)));
        clientEndpoints.put("register", () -> json(() -> provider.register(Map.of("redirect_uris",
                java.util.List.of(REDIRECT), "token_endpoint_auth_method", "none"), null, FROM)));
        clientEndpoints.put("admin consent", () -> json(() -> provider.revokeConsent(ADMIN, "alice", "app", FROM)));
        clientEndpoints.forEach((endpoint, answer) -> assertUnavailable(endpoint, answer.get(), false));

        ValidatedAuthorization auth = authorization(provider);
        Map<String, Supplier<Answer>> pages = new LinkedHashMap<>();
        pages.put("authorize, to the login page", () -> page(() -> provider.begin(auth, null, FROM)));
        pages.put("authorize, signed in", () -> page(() -> provider.begin(auth, "alice", FROM)));
        pages.put("login", () -> page(() -> provider.awaitingFormLogin("id", "csrf", "csrf", FROM)));
        pages.put("container login", () -> page(() -> provider.awaitingLogin("id")));
        pages.put("consent", () -> page(() -> provider.decide("id", "csrf", "csrf", true, null, FROM)));
        pages.forEach((endpoint, answer) -> assertUnavailable(endpoint, answer.get(), true));
    }

    @Test
    void tokenAndAuthorizeWhenRateLimiterStorageUnavailableThen503WithRetryAfter() {
        OAuthProvider provider = provider(failing(RateLimiter.class));
        assertUnavailable("token", json(() -> provider.token(new TokenRequest(
                form("grant_type", "client_credentials"), rs(), FROM))), false);
        assertUnavailable("authorize", page(() -> authorization(provider)), true);
    }
}

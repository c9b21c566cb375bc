package io.mcpoauth.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.it.Pkce;
import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.SubjectAttributes;
import io.mcpoauth.store.memory.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The endpoint services over in-memory storage and a clock the test moves, with four configured clients, and
 * helpers to drive them.
 */
final class ProviderFixture extends EndpointServices {

    static final String SECRET = "s3cret value/with:odd+chars";
    static final String REDIRECT = "https://client.example.com/cb";
    static final String LOOPBACK = "http://127.0.0.1/callback";
    private static final String SECRET_HASH =
            new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);

    final MutableClock clock;

    ProviderFixture() {
        this(Map.of());
    }

    ProviderFixture(Map<String, String> overrides) {
        this(overrides, FetchTransport.system());
    }

    ProviderFixture(Map<String, String> overrides, FetchTransport transport) {
        this(settings(overrides), new MemoryRateLimiter(), transport,
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    }

    private ProviderFixture(OAuthSettings settings, RateLimiter limiter, FetchTransport transport,
            MutableClock clock) {
        super(settings, new MemoryStorage(10_000), limiter, transport, clock);
        this.clock = clock;
    }

    /** Another server node over the same storage, clock and counters, which has verified no secret yet. */
    EndpointServices node(RateLimiter limiter) {
        return new EndpointServices(settings, storage, limiter, FetchTransport.system(), clock);
    }

    private static OAuthSettings settings(Map<String, String> overrides) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.issuer", "https://as.example.com");
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.client.app.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.app.redirect-uris", REDIRECT + "," + LOOPBACK);
        c.put("mcp.oauth.client.app.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.client.cli.redirect-uris", LOOPBACK);
        c.put("mcp.oauth.clients", "app,cli,svc,rs");
        c.put("mcp.oauth.client.svc.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.svc.grant-types", "client_credentials");
        c.put("mcp.oauth.client.svc.scopes", "mcp:read");
        c.put("mcp.oauth.client.rs.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.rs.grant-types", "client_credentials");
        c.put("mcp.oauth.client.rs.introspect-any", "true");
        c.putAll(overrides);
        return OAuthSettings.load(ConfigSource.of(c));
    }

    static Map<String, String> authorizeParams(String clientId, String redirectUri) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("code_challenge", Pkce.CHALLENGE);
        p.put("code_challenge_method", "S256");
        p.put("state", "xyz");
        return p;
    }

    /** Runs /authorize for the user and returns the redirect's query parameters. */
    Map<String, String> authorize(Map<String, String> params, String subject) {
        return Query.of(approve(validate(Parameters.of(params)), subject));
    }

    /** Takes the request through the consent page, approving, when the service asks for consent. */
    String approve(ValidatedAuthorization auth, String subject) {
        return approve(auth, subject, SubjectAttributes.NONE);
    }

    /** As {@link #approve(ValidatedAuthorization, String)}, for a user the gateway sent attributes of. */
    String approve(ValidatedAuthorization auth, String subject, SubjectAttributes attributes) {
        AuthorizationStep step = authorization().begin(auth, subject, attributes, RequestContext.UNKNOWN);
        if (step instanceof AuthorizationStep.Consent consent) {
            return authorization().decide(consent.requestId(), consent.csrfToken(), consent.csrfToken(), true, subject,
                    RequestContext.UNKNOWN);
        }
        return ((AuthorizationStep.Redirect) step).uri();
    }

    /** Validates an authorization request from an unknown address. */
    ValidatedAuthorization validate(Parameters params) {
        return authorization().validateAuthorization(params, RequestContext.UNKNOWN);
    }

    /** The user's answer on the consent page, from an unknown address. */
    String decide(String requestId, String csrfField, String csrfCookie, boolean approve, String currentUser) {
        return authorization().decide(requestId, csrfField, csrfCookie, approve, currentUser, RequestContext.UNKNOWN);
    }

    /** Continues a validated request for a user the gateway sent no attributes of, or (null) who must log in. */
    AuthorizationStep begin(ValidatedAuthorization auth, String subject) {
        return authorization().begin(auth, subject, SubjectAttributes.NONE, RequestContext.UNKNOWN);
    }

    /** The user logged in, without attributes, on the page of a held request. */
    AuthorizationStep loggedIn(String requestId, String subject) {
        return authorization().loggedIn(requestId, subject, SubjectAttributes.NONE, RequestContext.UNKNOWN);
    }

    String code(String clientId, String redirectUri) {
        return authorize(authorizeParams(clientId, redirectUri), "alice").get("code");
    }

    TokenResponse exchange(String code, String redirectUri) {
        Map<String, String> form = codeForm(code);
        form.put("redirect_uri", redirectUri);
        return token(form, basic("app", SECRET));
    }

    /** A token request exchanging the code with the PKCE verifier (RFC 6749 4.1.3), for the caller to add to. */
    static Map<String, String> codeForm(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("code_verifier", Pkce.VERIFIER);
        return form;
    }

    TokenResponse refresh(String refreshToken, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (scope != null) {
            form.put("scope", scope);
        }
        return token(form, basic("app", SECRET));
    }

    TokenResponse token(Map<String, String> form, String authorization) {
        return token(form, authorization, RequestContext.UNKNOWN);
    }

    TokenResponse token(Map<String, String> form, String authorization, RequestContext context) {
        return tokens().token(form(form), authorization, context);
    }

    Map<String, Object> introspect(String token, String clientId) {
        return introspection().introspect(form(Map.of("token", token)), basic(clientId, SECRET),
                RequestContext.UNKNOWN);
    }

    void revoke(String token, String hint, String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (hint != null) {
            form.put("token_type_hint", hint);
        }
        revocation().revoke(form(form), basic(clientId, SECRET), RequestContext.UNKNOWN);
    }

    /** Registers a client with this metadata. */
    Map<String, Object> register(Map<String, Object> metadata, String bearerToken, RequestContext context) {
        Supplier<Map<String, Object>> body = () -> metadata;
        return registration().register(bearerToken, context, body);
    }

    /** A form of single values, as a request's parameters arrive. */
    static Map<String, List<String>> form(Map<String, String> single) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        single.forEach((k, v) -> form.put(k, List.of(v)));
        return form;
    }

    static String basic(String id, String secret) {
        String pair = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}

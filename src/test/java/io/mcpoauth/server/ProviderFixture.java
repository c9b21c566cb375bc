package io.mcpoauth.server;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.it.Pkce;
import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.store.memory.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A provider over in-memory storage with two configured clients, and helpers to drive it. */
final class ProviderFixture {

    static final String SECRET = "s3cret value/with:odd+chars";
    static final String REDIRECT = "https://client.example.com/cb";
    static final String LOOPBACK = "http://127.0.0.1/callback";
    private static final String SECRET_HASH =
            new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final MemoryStorage storage = new MemoryStorage(10_000);
    final OAuthProvider provider;
    final OAuthSettings settings;
    final AuditLog audit;

    ProviderFixture() {
        this(Map.of());
    }

    ProviderFixture(Map<String, String> overrides) {
        this(overrides, FetchTransport.system());
    }

    ProviderFixture(Map<String, String> overrides, FetchTransport transport) {
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
        settings = OAuthSettings.load(ConfigSource.of(c));
        audit = new AuditLog(clock);
        provider = new OAuthProvider(settings, storage, new MemoryRateLimiter(),
                new ClientIdMetadataResolver(settings.cimd(), transport, clock), new SecretVerifier(),
                audit, clock);
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
        ValidatedAuthorization auth = provider.validateAuthorization(Parameters.of(params), RequestContext.UNKNOWN);
        return Query.of(approve(auth, subject));
    }

    /** Takes the request through the consent page, approving, when the provider asks for consent. */
    String approve(ValidatedAuthorization auth, String subject) {
        return approve(auth, subject, io.mcpoauth.store.SubjectAttributes.NONE);
    }

    /** As {@link #approve(ValidatedAuthorization, String)}, for a user the gateway sent attributes of. */
    String approve(ValidatedAuthorization auth, String subject, io.mcpoauth.store.SubjectAttributes attributes) {
        AuthorizationStep step = provider.begin(auth, subject, attributes, RequestContext.UNKNOWN);
        if (step instanceof AuthorizationStep.Consent consent) {
            return provider.decide(consent.requestId(), consent.csrfToken(), consent.csrfToken(), true, subject,
                    RequestContext.UNKNOWN);
        }
        return ((AuthorizationStep.Redirect) step).uri();
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
        Parameters params = Parameters.of(form);
        return provider.token(new TokenRequest(params, ClientCredentials.from(authorization, params), context));
    }

    Map<String, Object> introspect(String token, String clientId) {
        Parameters params = Parameters.of(Map.of("token", token));
        return provider.introspect(params, ClientCredentials.from(basic(clientId, SECRET), params),
                RequestContext.UNKNOWN);
    }

    void revoke(String token, String hint, String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        if (hint != null) {
            form.put("token_type_hint", hint);
        }
        Parameters params = Parameters.of(form);
        provider.revoke(params, ClientCredentials.from(basic(clientId, SECRET), params), RequestContext.UNKNOWN);
    }

    static String basic(String id, String secret) {
        String pair = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}

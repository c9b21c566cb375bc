package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.migrate.ImportRules;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.Lockout;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.server.grant.AuthorizationCodeGrant;
import io.mcpoauth.server.grant.ClientCredentialsGrant;
import io.mcpoauth.server.grant.GrantHandler;
import io.mcpoauth.server.grant.GrantHandlers;
import io.mcpoauth.server.grant.RefreshTokenGrant;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.SubjectAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authorization server: authorization requests, the token endpoint's grants, and the state between
 * them. Resources in {@code io.mcpoauth.web} only translate HTTP to and from these calls.
 */
@ApplicationScoped
public class OAuthProvider {

    private final OAuthSettings settings;
    private final Storage storage;
    private final AuditLog audit;
    private final Clock clock;
    private final ClientRegistry clients;
    private final ClientAuthenticator authenticator;
    private final AuthorizationValidator validator;
    private final GrantHandlers grants;
    private final TokenRevocation revocation;
    private final TokenIntrospection introspection;
    private final ClientRegistration registration;
    private final RateLimits limits;
    private final AuthorizationFlow flow;
    private final SharedSecret adminToken;
    private final StorageTransfer transfer;

    /** For CDI's client proxy only. */
    protected OAuthProvider() {
        this.settings = null;
        this.storage = null;
        this.audit = null;
        this.clock = null;
        this.clients = null;
        this.authenticator = null;
        this.validator = null;
        this.grants = null;
        this.revocation = null;
        this.introspection = null;
        this.registration = null;
        this.limits = null;
        this.flow = null;
        this.adminToken = null;
        this.transfer = null;
    }

    @Inject
    public OAuthProvider(OAuthSettings settings, Storage storage, RateLimiter limiter,
            ClientIdMetadataResolver documents, SecretVerifier verifier, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.storage = storage;
        this.audit = audit;
        this.clock = clock;
        RegisteredClientPolicy registered = new RegisteredClientPolicy(settings.registration(),
                settings.supportedScopes());
        this.clients = new ClientRegistry(settings.clients(), storage.clients(), documents, registered, clock);
        this.authenticator = new ClientAuthenticator(clients, verifier);
        ScopePolicy scopes = new ScopePolicy(settings.supportedScopes());
        ResourcePolicy resources = new ResourcePolicy(settings.resources());
        this.validator = new AuthorizationValidator(clients, scopes, resources);
        TokenIssuer issuer = new TokenIssuer(storage.accessTokens(), storage.refreshTokens(), settings.accessTtl(),
                settings.refreshTtl(), settings.grantMaxLifetime());
        this.grants = new GrantHandlers(List.of(
                new AuthorizationCodeGrant(storage.codes(), storage.grants(), issuer, resources, audit),
                new RefreshTokenGrant(storage.refreshTokens(), issuer, resources, audit),
                new ClientCredentialsGrant(issuer, scopes, resources, audit)));
        this.revocation = new TokenRevocation(storage.accessTokens(), storage.refreshTokens(), storage.grants(),
                issuer, audit);
        this.introspection = new TokenIntrospection(storage.accessTokens(), settings.issuer(),
                settings.introspectAny());
        this.registration = new ClientRegistration(settings.registration(), registered, storage.clients(), audit);
        this.limits = new RateLimits(limiter, settings.rateLimits());
        this.flow = new AuthorizationFlow(settings, storage, clients, audit, clock);
        this.adminToken = new SharedSecret(settings.adminToken());
        this.transfer = new StorageTransfer(storage, new ImportRules(settings.accessTtl(), settings.refreshTtl(),
                settings.consent().ttl(), settings.registration().unusedClientTtl()), audit, clock);
    }

    public String issuer() {
        return settings.issuer();
    }

    /**
     * Validates an authorization request, counted per address first (429 beyond the limit: the request may make
     * the server fetch a Client ID Metadata Document). Throws {@link AuthorizationRedirectException} for errors to
     * send back to the client, and {@link io.mcpoauth.protocol.UserFacingException} for errors to show the user.
     */
    public ValidatedAuthorization validateAuthorization(Parameters params, RequestContext context) {
        limits.authorization(context.remoteAddress(), clock.instant());
        try {
            return validator.validate(params);
        } catch (OAuthException | StorageUnavailableException e) {
            audit.record(AuditEvent.failure("authorization.rejected").client(params.isRepeated("client_id")
                    ? null : params.single("client_id")).remote(context.remoteAddress())
                    .reason(reason(e)));
            throw e;
        }
    }

    /**
     * Continues a validated request for a user the gateway authenticated, or, with a null subject, for a user
     * who must log in first: the result is a redirect with a code, a login page or a consent page.
     */
    public AuthorizationStep begin(ValidatedAuthorization auth, String subject, RequestContext context) {
        return flow.begin(auth, subject, SubjectAttributes.NONE, context);
    }

    /** As {@link #begin(ValidatedAuthorization, String, RequestContext)}, with what the gateway says of the user. */
    public AuthorizationStep begin(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        return flow.begin(auth, subject, attributes, context);
    }

    /** The held request of a login page that is still waiting, if any. */
    public Optional<ValidatedAuthorization> awaitingLogin(String requestId) {
        return flow.awaitingLogin(requestId);
    }

    /**
     * The held request of a posted demo login form, if it is still waiting and the form's CSRF token and the
     * same-site cookie's both match the page's.
     */
    public Optional<ValidatedAuthorization> awaitingFormLogin(String requestId, String csrfField, String csrfCookie,
            RequestContext context) {
        return flow.awaitingFormLogin(requestId, csrfField, csrfCookie, context);
    }

    /** The user logged in on the page of a held request (single use). */
    public AuthorizationStep loggedIn(String requestId, String subject, RequestContext context) {
        return flow.loggedIn(requestId, subject, SubjectAttributes.NONE, context);
    }

    /** As {@link #loggedIn(String, String, RequestContext)}, with what the login says of the user. */
    public AuthorizationStep loggedIn(String requestId, String subject, SubjectAttributes attributes,
            RequestContext context) {
        return flow.loggedIn(requestId, subject, attributes, context);
    }

    /**
     * The user's answer on the consent page; returns the redirect URI with a code or {@code access_denied}.
     * Both CSRF tokens must match the held request; {@code currentUser} (null with the form login) must be the
     * user the page was shown to.
     */
    public String decide(String requestId, String csrfField, String csrfCookie, boolean approve,
            String currentUser, RequestContext context) {
        return flow.decide(requestId, csrfField, csrfCookie, approve, currentUser, context);
    }

    /**
     * Forgets a user's remembered consent for a client, so the user is asked again: an administrator's
     * call, with the bearer token {@code mcp.oauth.admin.token} (the endpoint does not exist without one).
     */
    public boolean revokeConsent(String bearer, String subject, String clientId, RequestContext context) {
        requireAdmin(bearer, "consent.revoked", context);
        if (subject == null || clientId == null) {
            throw OAuthException.invalidRequest("subject and client_id are required");
        }
        boolean revoked = storage.consents().revoke(subject, clientId, clock.instant());
        audit.record(AuditEvent.success("consent.revoked").subject(subject).client(clientId)
                .remote(context.remoteAddress()).reason(revoked ? null : "none remembered"));
        return revoked;
    }

    /**
     * An export of the storage's live clients, consents and grants as JSON lines (see {@code docs/migrate.md}):
     * an administrator's call, with the bearer token {@code mcp.oauth.admin.token}. The token is checked now;
     * the records are read from the storage while the stream is written.
     */
    public ExportStream exportStorage(String bearer, RequestContext context) {
        requireAdmin(bearer, StorageTransfer.EXPORTED, context);
        return transfer.export(context);
    }

    /**
     * Imports an export into this server's storage, line by line as it arrives: an administrator's call, with
     * the bearer token {@code mcp.oauth.admin.token}.
     *
     * @param contentType the body's media type, or null; a form is refused
     * @return counts of records imported and of records skipped as expired, per type
     */
    public Map<String, Object> importStorage(String bearer, InputStream body, String contentType,
            RequestContext context) {
        requireAdmin(bearer, StorageTransfer.IMPORTED, context);
        return transfer.importFrom(body, contentType, context);
    }

    /**
     * Admits an administrator's call: without an admin token configured the endpoint does not exist (404); a
     * missing or wrong token is refused (401) and audited as a failure of {@code event}, and an address that sent
     * too many wrong tokens is refused (429) whatever it sends until the window ends, so the token cannot be
     * guessed.
     */
    private void requireAdmin(String bearer, String event, RequestContext context) {
        if (!adminToken.isConfigured()) {
            throw new EndpointDisabledException("no such endpoint");
        }
        Instant now = clock.instant();
        limits.adminAttempt(context.remoteAddress(), now);
        if (!adminToken.matches(bearer)) {
            limits.adminFailed(context.remoteAddress(), now);
            audit.record(AuditEvent.failure(event).remote(context.remoteAddress()).reason("bad admin token"));
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a valid admin token is required");
        }
    }

    /** Counts a sign-in attempt at the demo login form per address: 429 beyond the limit. */
    public void formLoginAttempt(RequestContext context) {
        limits.formLogin(context.remoteAddress(), clock.instant());
    }

    /** Records a failed login attempt at the authorization endpoint. */
    public void loginFailed(String clientId, String user, String reason, RequestContext context) {
        audit.record(AuditEvent.failure("login.failed").client(clientId).subject(user).reason(reason)
                .remote(context.remoteAddress()).with("login", settings.login().mode().toString()));
    }

    /** The redirect URI that reports an authorization error to the client. */
    public String errorRedirect(AuthorizationRedirectException e) {
        return AuthorizationResponses.error(e, settings.issuer());
    }

    /**
     * Handles a token request: client authentication, then the grant's handler. Every refusal is audited
     * here, once, as {@code token.rejected}: whichever step raised it, the line names the client (as
     * authenticated once it is, as claimed before) and the requested grant type.
     */
    public TokenResponse token(TokenRequest request) {
        String clientId = request.credentials().clientId();
        String grantType = null;
        try {
            grantType = request.grantType();
            if (grantType == null) {
                throw OAuthException.invalidRequest("grant_type is required");
            }
            ClientRecord client = authenticate(request.credentials(), request.context(), null);
            clientId = client.clientId();
            GrantHandler handler = grants.handler(grantType);
            if (!client.grantTypes().contains(handler.grantType())) {
                throw OAuthException.unauthorizedClient("client may not use grant_type " + grantType);
            }
            TokenResponse response = handler.handle(request, client, clock.instant());
            clients.markUsed(client);
            return response;
        } catch (OAuthException | StorageUnavailableException e) {
            audit.record(AuditEvent.failure("token.rejected").client(clientId)
                    .remote(request.context().remoteAddress()).reason(reason(e))
                    .with("grant_type", grantType));
            throw e;
        }
    }

    /** Revokes a token of the authenticated client (RFC 7009); unknown tokens are ignored. */
    public void revoke(Parameters params, ClientCredentials credentials, RequestContext context) {
        ClientRecord client = authenticate(credentials, context, "revocation.rejected");
        String token = params.single("token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        revocation.revoke(client, token, params.single("token_type_hint"), context, clock.instant());
    }

    /** Introspects an access token for the authenticated client (RFC 7662 2). */
    public Map<String, Object> introspect(Parameters params, ClientCredentials credentials, RequestContext context) {
        ClientRecord client = authenticate(credentials, context, "introspection.rejected");
        if (client.isPublic()) {
            // RFC 7662 2.1: the endpoint is protected; a client id alone proves nothing.
            throw OAuthException.invalidClient("introspection requires client authentication");
        }
        String token = params.single("token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        return introspection.introspect(client, token, clock.instant());
    }

    /**
     * Registers a client (RFC 7591 3). The metadata is parsed only after the initial access token (when one
     * is configured) has been checked.
     */
    public Map<String, Object> register(Map<String, Object> metadata, String bearerToken, RequestContext context) {
        return register(bearerToken, context, () -> metadata);
    }

    /**
     * Registers a client whose metadata is read from the request only once the initial access token and the
     * registration rate limit admitted the caller, so that a refused caller's body is never read.
     */
    public Map<String, Object> register(String bearerToken, RequestContext context,
            Supplier<Map<String, Object>> metadata) {
        registration.authorize(bearerToken);
        limits.registration(context.remoteAddress(), clock.instant());
        return registration.register(ClientMetadata.parse(metadata.get()), context, clock.instant());
    }

    /**
     * Authenticates the client behind the rate limits (see {@link RateLimits} for the lockout rules): the
     * address's request count first, then the secret, freshly checked unless failures lock this request to
     * secrets already verified. {@code event} names the audit event of a failure, or is null when the caller
     * records it.
     */
    private ClientRecord authenticate(ClientCredentials credentials, RequestContext context, String event) {
        Instant now = clock.instant();
        String address = context.remoteAddress();
        try {
            Lockout lockout = limits.clientRequest(credentials.clientId(), address, now);
            ClientAuthenticator.Outcome outcome = authenticator.authenticate(credentials, !lockout.active());
            if (outcome instanceof ClientAuthenticator.Outcome.Authenticated ok) {
                limits.clientAuthenticated(ok.client().clientId(), ok.client().isPublic(), address, now);
                return ok.client();
            }
            if (outcome instanceof ClientAuthenticator.Outcome.Unverified) {
                throw new RateLimitedException(lockout.retryAfterSeconds());
            }
            if (((ClientAuthenticator.Outcome.Failed) outcome).guessed()) {
                limits.authenticationFailed(credentials.clientId(), address, now);
            }
            throw OAuthException.invalidClient("client authentication failed");
        } catch (OAuthException | StorageUnavailableException e) {
            if (event != null) {
                audit.record(AuditEvent.failure(event).client(credentials.clientId())
                        .remote(address).reason(reason(e)));
            }
            throw e;
        }
    }

    /** The audit reason of a refusal: its OAuth error code, or {@code temporarily_unavailable} for storage. */
    private static String reason(RuntimeException e) {
        return e instanceof OAuthException o ? o.error().code() : OAuthError.TEMPORARILY_UNAVAILABLE.code();
    }

    /** Authorization server metadata (RFC 8414 2), with absent members left out. */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        String base = settings.issuer();
        m.put("issuer", base);
        m.put("authorization_endpoint", base + "/authorize");
        m.put("token_endpoint", base + "/token");
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", grants.supported());
        m.put("token_endpoint_auth_methods_supported", ClientAuthMethod.supported());
        if (registration.enabled()) {
            m.put("registration_endpoint", base + "/register");
        }
        m.put("revocation_endpoint", base + "/revoke");
        m.put("revocation_endpoint_auth_methods_supported", ClientAuthMethod.supported());
        m.put("introspection_endpoint", base + "/introspect");
        m.put("introspection_endpoint_auth_methods_supported", ClientAuthMethod.authenticating());
        m.put("code_challenge_methods_supported", List.of("S256"));
        if (!settings.supportedScopes().isEmpty()) {
            m.put("scopes_supported", List.copyOf(settings.supportedScopes()).stream().sorted().toList());
        }
        m.put("authorization_response_iss_parameter_supported", true);
        if (settings.cimd().enabled()) {
            m.put("client_id_metadata_document_supported", true);
        }
        return m;
    }
}

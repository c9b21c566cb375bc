package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.Loopback;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.SubjectAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorization endpoint (RFC 6749 3.1) and the steps between a validated request and the code: login,
 * consent, and the code itself. A request waiting for the user is held server-side under an unguessable id,
 * taken exactly once at each step, so a completed step cannot be replayed and the browser cannot alter the
 * request.
 */
public final class AuthorizationService {

    private final OAuthSettings settings;
    private final Storage storage;
    private final ClientRegistry clients;
    private final AuthorizationValidator validator;
    private final ConsentPolicy consent;
    private final SubjectAccess subjects;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    public AuthorizationService(OAuthSettings settings, Storage storage, ClientRegistry clients,
            AuthorizationValidator validator, ConsentPolicy consent, SubjectAccess subjects, RateLimits limits,
            AuditLog audit, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.consent = Objects.requireNonNull(consent, "consent");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String issuer() {
        return settings.issuer();
    }

    /**
     * Validates an authorization request, counted per address first (429 beyond the limit: the request may make
     * the server fetch a Client ID Metadata Document). Throws {@link AuthorizationRedirectException} for errors to
     * send back to the client, and {@link UserFacingException} for errors to show the user.
     */
    public ValidatedAuthorization validateAuthorization(Parameters params, RequestContext context) {
        limits.authorization(context.remoteAddress(), clock.instant());
        try {
            return validator.validate(params);
        } catch (OAuthException | StorageUnavailableException e) {
            audit.record(AuditEvent.failure("authorization.rejected").client(params.isRepeated("client_id")
                    ? null : params.single("client_id")).remote(context.remoteAddress())
                    .reason(AuditReasons.of(e)));
            throw e;
        }
    }

    /** The redirect URI that reports an authorization error to the client. */
    public String errorRedirect(AuthorizationRedirectException e) {
        return AuthorizationResponses.error(e, settings.issuer());
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

    /**
     * Continues a validated request: for a user the gateway authenticated, the result is a redirect with a code
     * or a consent page; with a null subject, for a user who must log in first, a login page.
     *
     * @param subject    the user the gateway authenticated, or null when the user must log in first
     * @param attributes what the gateway says of the user
     */
    public AuthorizationStep begin(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        if (subject == null) {
            String csrf = Tokens.newToken();
            return new AuthorizationStep.Login(auth, hold(auth, "", SubjectAttributes.NONE, Tokens.hash(csrf)), csrf);
        }
        return authenticated(auth, subject, attributes, context);
    }

    /** The held request of a login page that is still waiting, if any. */
    public Optional<ValidatedAuthorization> awaitingLogin(String id) {
        return pending(id, false).filter(p -> p.subject().isEmpty()).flatMap(this::revalidate);
    }

    /**
     * The held request of the demo login form that was posted, when its CSRF tokens (form field and same-site
     * cookie) match the page's; empty otherwise, so no password is checked for a forged form.
     */
    public Optional<ValidatedAuthorization> awaitingFormLogin(String id, String csrfField, String csrfCookie,
            RequestContext context) {
        Optional<PendingAuthorization> p = pending(id, false).filter(x -> x.subject().isEmpty());
        if (p.isPresent() && !csrfMatches(p.get(), csrfField, csrfCookie)) {
            audit.record(AuditEvent.failure("login.rejected").client(p.get().clientId())
                    .remote(context.remoteAddress()).reason("csrf"));
            return Optional.empty();
        }
        return p.flatMap(this::revalidate);
    }

    /** The user logged in on the page of the held request (single use), with what the login says of the user. */
    public AuthorizationStep loggedIn(String id, String subject, SubjectAttributes attributes, RequestContext context) {
        PendingAuthorization p = pending(id, true).filter(x -> x.subject().isEmpty())
                .orElseThrow(AuthorizationService::expired);
        return authenticated(revalidate(p).orElseThrow(AuthorizationService::expired), subject, attributes, context);
    }

    /**
     * The user approved or denied on the consent page; returns the redirect URI with a code or
     * {@code access_denied}.
     *
     * @param csrfField   the token from the form
     * @param csrfCookie  the token from the same-site cookie
     * @param currentUser who the gateway says is making this request, or null with the form login; it must be
     *                    the user the page was shown to
     */
    public String decide(String id, String csrfField, String csrfCookie, boolean approve, String currentUser,
            RequestContext context) {
        PendingAuthorization p = pending(id, true).orElseThrow(AuthorizationService::expired);
        if (p.subject().isEmpty() || !csrfMatches(p, csrfField, csrfCookie)) {
            audit.record(AuditEvent.failure("consent.rejected").client(p.clientId()).remote(context.remoteAddress())
                    .reason("csrf"));
            throw new UserFacingException(OAuthError.INVALID_REQUEST,
                    "the consent form is not valid; start again from the application");
        }
        if (currentUser != null && !currentUser.equals(p.subject())) {
            throw new UserFacingException(OAuthError.ACCESS_DENIED, "the consent page was shown to another user");
        }
        ValidatedAuthorization auth = revalidate(p).orElseThrow(AuthorizationService::expired);
        if (!approve) {
            audit.record(AuditEvent.failure("authorization.denied").client(p.clientId()).subject(p.subject())
                    .scope(p.scope().toString()).remote(context.remoteAddress())
                    .with("login", settings.login().mode().toString()));
            return AuthorizationResponses.error(new AuthorizationRedirectException(OAuthError.ACCESS_DENIED,
                    "the user denied the request", auth.redirectUri(), auth.state()), settings.issuer());
        }
        Optional<AuthorizationRedirectException> barred = barred(auth, p.subject(), context);
        if (barred.isPresent()) {
            return AuthorizationResponses.error(barred.get(), settings.issuer());
        }
        consent.remember(p.subject(), auth, clock.instant());
        return approve(auth, p.subject(), p.attributes(), context);
    }

    private AuthorizationStep authenticated(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        Optional<AuthorizationRedirectException> barred = barred(auth, subject, context);
        if (barred.isPresent()) {
            throw barred.get();
        }
        if (consent.mustAsk(subject, auth, clock.instant())) {
            String csrf = Tokens.newToken();
            String id = hold(auth, subject, attributes, Tokens.hash(csrf));
            return new AuthorizationStep.Consent(view(auth, subject, attributes), id, csrf);
        }
        return new AuthorizationStep.Redirect(approve(auth, subject, attributes, context));
    }

    /**
     * The refusal of a user on the deny list or blocked (an offboarding), audited with its reason: sent back to the
     * client as {@code access_denied} (RFC 6749 4.1.2.1, "the resource owner or authorization server denied the
     * request"), which tells the client nothing of why. Asked once the user is known, before any consent page,
     * and again when the user approves on one, since the block may have come in between.
     */
    private Optional<AuthorizationRedirectException> barred(ValidatedAuthorization auth, String subject,
            RequestContext context) {
        Optional<String> refusal = subjects.refusal(subject, clock.instant());
        refusal.ifPresent(reason -> audit.record(AuditEvent.failure("authorization.rejected")
                .client(auth.client().clientId()).subject(subject).remote(context.remoteAddress())
                .reason(OAuthError.ACCESS_DENIED.code()).with("detail", reason)
                .with("login", settings.login().mode().toString())));
        return refusal.map(reason -> new AuthorizationRedirectException(OAuthError.ACCESS_DENIED,
                "the user may not authorize this request", auth.redirectUri(), auth.state()));
    }

    /** Issues a code for the user; returns the redirect URI that carries it (with RFC 9207 iss). */
    private String approve(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        Instant now = clock.instant();
        String code = Tokens.newToken();
        String grantId = Tokens.newId();
        Grant grant = new Grant(grantId, auth.client().clientId(), subject, auth.scope(), auth.resources(),
                attributes);
        storage.codes().save(new AuthorizationCode(Tokens.hash(code), grant, auth.redirectUri(), auth.codeChallenge(),
                now, now.plus(settings.codeTtl())), now);
        audit.record(AuditEvent.success("authorization.granted").client(auth.client().clientId()).subject(subject)
                .scope(auth.scope().toString()).grant(grantId).remote(context.remoteAddress())
                .with("login", settings.login().mode().toString()));
        return AuthorizationResponses.success(auth.redirectUri(), code, auth.state(), settings.issuer());
    }

    private String hold(ValidatedAuthorization auth, String subject, SubjectAttributes attributes, String csrfHash) {
        String id = Tokens.newToken();
        Instant now = clock.instant();
        storage.pendingAuthorizations().save(new PendingAuthorization(Tokens.hash(id), auth.client().clientId(),
                auth.redirectUri(), auth.scope(), auth.resources(), auth.state() == null ? "" : auth.state(),
                auth.codeChallenge(), now.plus(settings.pendingTtl()), subject, csrfHash,
                attributes), now);
        return id;
    }

    private Optional<PendingAuthorization> pending(String id, boolean take) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        String hash = Tokens.hash(id);
        return take ? storage.pendingAuthorizations().take(hash, clock.instant())
                : storage.pendingAuthorizations().find(hash, clock.instant());
    }

    private static boolean csrfMatches(PendingAuthorization p, String field, String cookie) {
        if (field == null || cookie == null || p.csrfHash().isEmpty()) {
            return false;
        }
        boolean same = MessageDigest.isEqual(field.getBytes(StandardCharsets.UTF_8),
                cookie.getBytes(StandardCharsets.UTF_8));
        boolean bound = MessageDigest.isEqual(Tokens.hash(field).getBytes(StandardCharsets.US_ASCII),
                p.csrfHash().getBytes(StandardCharsets.US_ASCII));
        return same & bound;
    }

    /** A held request is checked again when used: its client may have changed or gone meanwhile. */
    private Optional<ValidatedAuthorization> revalidate(PendingAuthorization p) {
        return clients.find(p.clientId())
                .filter(c -> RedirectUris.matches(c.redirectUris(), p.redirectUri()))
                .map(c -> new ValidatedAuthorization(c, p.redirectUri(), p.scope(), p.resources(),
                        p.state().isEmpty() ? null : p.state(), p.codeChallenge()));
    }

    private AuthorizationStep.ConsentView view(ValidatedAuthorization auth, String subject,
            SubjectAttributes attributes) {
        boolean document = ClientIdMetadataResolver.isMetadataUrl(auth.client().clientId());
        boolean localOnly = document && auth.client().redirectUris().stream().map(RedirectUris::host)
                .allMatch(Loopback::isHost);
        return new AuthorizationStep.ConsentView(auth.client().name(), auth.client().clientId(),
                RedirectUris.host(auth.redirectUri()), List.copyOf(auth.scope().values()), auth.resources(),
                localOnly, subject, attributes.email(), settings.clients().containsKey(auth.client().clientId()),
                settings.consent().scopeDescriptions());
    }

    private static UserFacingException expired() {
        return new UserFacingException(OAuthError.INVALID_REQUEST,
                "the authorization request expired or was already used");
    }
}

package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.Loopback;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.SubjectAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps between a validated authorization request and the code: login (demo form), consent, and the
 * code itself. A request waiting for the user is held server-side under an unguessable id, taken exactly
 * once at each step, so a completed step cannot be replayed and the browser cannot alter the request.
 */
final class AuthorizationFlow {

    private final OAuthSettings settings;
    private final Storage storage;
    private final ClientRegistry clients;
    private final ConsentPolicy consent;
    private final AuditLog audit;
    private final Clock clock;

    AuthorizationFlow(OAuthSettings settings, Storage storage, ClientRegistry clients, AuditLog audit, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.consent = new ConsentPolicy(settings.consent(), storage.consents());
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param subject    the user the gateway authenticated, or null when the user must log in first
     * @param attributes what the gateway says of the user
     */
    AuthorizationStep begin(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        if (subject == null) {
            String csrf = Tokens.newToken();
            return new AuthorizationStep.Login(auth, hold(auth, "", SubjectAttributes.NONE, Tokens.hash(csrf)), csrf);
        }
        return authenticated(auth, subject, attributes, context);
    }

    /** The held request of a login page that is still waiting. */
    Optional<ValidatedAuthorization> awaitingLogin(String id) {
        return pending(id, false).filter(p -> p.subject().isEmpty()).flatMap(this::revalidate);
    }

    /**
     * The held request of the demo login form that was posted, when its CSRF tokens (form field and same-site
     * cookie) match the page's; empty otherwise, so no password is checked for a forged form.
     */
    Optional<ValidatedAuthorization> awaitingFormLogin(String id, String csrfField, String csrfCookie,
            RequestContext context) {
        Optional<PendingAuthorization> p = pending(id, false).filter(x -> x.subject().isEmpty());
        if (p.isPresent() && !csrfMatches(p.get(), csrfField, csrfCookie)) {
            audit.record(AuditEvent.failure("login.rejected").client(p.get().clientId())
                    .remote(context.remoteAddress()).reason("csrf"));
            return Optional.empty();
        }
        return p.flatMap(this::revalidate);
    }

    /** The user logged in on the page of the held request. */
    AuthorizationStep loggedIn(String id, String subject, SubjectAttributes attributes, RequestContext context) {
        PendingAuthorization p = pending(id, true).filter(x -> x.subject().isEmpty())
                .orElseThrow(AuthorizationFlow::expired);
        return authenticated(revalidate(p).orElseThrow(AuthorizationFlow::expired), subject, attributes, context);
    }

    /**
     * The user approved or denied on the consent page.
     *
     * @param csrfField   the token from the form
     * @param csrfCookie  the token from the same-site cookie
     * @param currentUser who the gateway says is making this request, or null with the form login; it must be
     *                    the user the page was shown to
     */
    String decide(String id, String csrfField, String csrfCookie, boolean approve, String currentUser,
            RequestContext context) {
        PendingAuthorization p = pending(id, true).orElseThrow(AuthorizationFlow::expired);
        if (p.subject().isEmpty() || !csrfMatches(p, csrfField, csrfCookie)) {
            audit.record(AuditEvent.failure("consent.rejected").client(p.clientId()).remote(context.remoteAddress())
                    .reason("csrf"));
            throw new UserFacingException(OAuthError.INVALID_REQUEST,
                    "the consent form is not valid; start again from the application");
        }
        if (currentUser != null && !currentUser.equals(p.subject())) {
            throw new UserFacingException(OAuthError.ACCESS_DENIED, "the consent page was shown to another user");
        }
        ValidatedAuthorization auth = revalidate(p).orElseThrow(AuthorizationFlow::expired);
        if (!approve) {
            audit.record(AuditEvent.failure("authorization.denied").client(p.clientId()).subject(p.subject())
                    .scope(p.scope().toString()).remote(context.remoteAddress())
                    .with("login", settings.login().mode().toString()));
            return AuthorizationResponses.error(new AuthorizationRedirectException(OAuthError.ACCESS_DENIED,
                    "the user denied the request", auth.redirectUri(), auth.state()), settings.issuer());
        }
        consent.remember(p.subject(), auth, clock.instant());
        return approve(auth, p.subject(), p.attributes(), context);
    }

    private AuthorizationStep authenticated(ValidatedAuthorization auth, String subject, SubjectAttributes attributes,
            RequestContext context) {
        if (consent.mustAsk(subject, auth, clock.instant())) {
            String csrf = Tokens.newToken();
            String id = hold(auth, subject, attributes, Tokens.hash(csrf));
            return new AuthorizationStep.Consent(view(auth, subject, attributes), id, csrf);
        }
        return new AuthorizationStep.Redirect(approve(auth, subject, attributes, context));
    }

    /** Issues a code for the user; returns the redirect URI that carries it (with RFC 9207 iss). */
    String approve(ValidatedAuthorization auth, String subject, SubjectAttributes attributes, RequestContext context) {
        Instant now = clock.instant();
        String code = Tokens.newToken();
        String grantId = Tokens.newId();
        storage.codes().save(new AuthorizationCode(Tokens.hash(code), grantId, auth.client().clientId(), subject,
                auth.redirectUri(), auth.scope(), auth.resources(), auth.codeChallenge(), now,
                now.plus(settings.codeTtl()), attributes), now);
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

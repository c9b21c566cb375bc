package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.Lockout;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Admits a client at the token, revocation and introspection endpoints: the address's request count first,
 * then the secret, freshly checked unless failures lock this request to secrets already verified (see
 * {@link RateLimits} for the lockout rules). A {@code private_key_jwt} assertion is checked whatever the lockout,
 * and its refusal counts towards none: a signature cannot be guessed, so counting bad ones would only let a stranger
 * lock the real client out (see {@link ClientAuthenticator}).
 */
public final class ClientGate {

    private final ClientAuthenticator authenticator;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    public ClientGate(ClientAuthenticator authenticator, RateLimits limits, AuditLog audit, Clock clock) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The authenticated client; a refusal is the caller's to audit. */
    ClientRecord admit(ClientCredentials credentials, RequestContext context) {
        Instant now = clock.instant();
        String address = context.remoteAddress();
        Lockout lockout = limits.clientRequest(credentials.clientId(), address, now);
        ClientAuthenticator.Outcome outcome = authenticator.authenticate(credentials, !lockout.active());
        if (outcome instanceof ClientAuthenticator.Outcome.Authenticated ok) {
            limits.clientAuthenticated(ok.client().clientId(), ok.client().isPublic(), address, now);
            return ok.client();
        }
        if (outcome instanceof ClientAuthenticator.Outcome.Unverified) {
            throw limits.lockedOut(lockout);
        }
        if (((ClientAuthenticator.Outcome.Failed) outcome).guessed()) {
            limits.authenticationFailed(credentials.clientId(), address, now);
        }
        throw OAuthException.invalidClient("client authentication failed");
    }

    /** As {@link #admit(ClientCredentials, RequestContext)}, a refusal audited as a failure of {@code event}. */
    ClientRecord admit(ClientCredentials credentials, RequestContext context, String event) {
        try {
            return admit(credentials, context);
        } catch (OAuthException | StorageUnavailableException e) {
            audit.record(AuditEvent.failure(event).client(credentials.clientId()).remote(context.remoteAddress())
                    .reason(AuditReasons.of(e)).with("auth_method", credentials.method().value()));
            throw e;
        }
    }
}

package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.store.ConsentStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An administrator's calls, with the bearer token {@code mcp.oauth.admin.token}: forgetting a remembered consent,
 * and the export and import of the storage. Without an admin token configured the endpoints do not exist (404);
 * a missing or wrong token is refused (401) and audited, and an address that sent too many wrong tokens is
 * refused (429) whatever it sends until the window ends, so the token cannot be guessed.
 */
public final class AdminService {

    private final SharedSecret adminToken;
    private final ConsentStore consents;
    private final StorageTransfer transfer;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    /** @param adminToken the configured token, not configured for none */
    public AdminService(SharedSecret adminToken, ConsentStore consents, StorageTransfer transfer, RateLimits limits,
            AuditLog audit, Clock clock) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Forgets a user's remembered consent for a client, so the user is asked again. */
    public boolean revokeConsent(String bearer, String subject, String clientId, RequestContext context) {
        requireAdmin(bearer, "consent.revoked", context);
        if (subject == null || clientId == null) {
            throw OAuthException.invalidRequest("subject and client_id are required");
        }
        boolean revoked = consents.revoke(subject, clientId, clock.instant());
        audit.record(AuditEvent.success("consent.revoked").subject(subject).client(clientId)
                .remote(context.remoteAddress()).reason(revoked ? null : "none remembered"));
        return revoked;
    }

    /**
     * An export of the storage's live clients, consents and grants as JSON lines (see {@code docs/migrate.md}).
     * The token is checked now; the records are read from the storage while the stream is written.
     */
    public ExportStream exportStorage(String bearer, RequestContext context) {
        requireAdmin(bearer, StorageTransfer.EXPORTED, context);
        return transfer.export(context);
    }

    /**
     * Imports an export into this server's storage, line by line as it arrives.
     *
     * @param contentType the body's media type, or null; a form is refused
     * @return counts of records imported and of records skipped as expired, per type
     */
    public Map<String, Object> importStorage(String bearer, InputStream body, String contentType,
            RequestContext context) {
        requireAdmin(bearer, StorageTransfer.IMPORTED, context);
        return transfer.importFrom(body, contentType, context);
    }

    /** Admits an administrator's call; a refusal with a wrong token is audited as a failure of {@code event}. */
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
}

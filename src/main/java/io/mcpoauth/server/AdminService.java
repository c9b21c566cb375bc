package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ConsentStore;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * An administrator's calls, with the bearer token {@code mcp.oauth.admin.token}: forgetting a remembered consent,
 * and the export and import of the storage, each admitted by the {@link AdminGate}.
 */
public final class AdminService {

    private final AdminGate gate;
    private final ConsentStore consents;
    private final StorageTransfer transfer;
    private final AuditLog audit;
    private final Clock clock;

    public AdminService(AdminGate gate, ConsentStore consents, StorageTransfer transfer, AuditLog audit,
            Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Forgets a user's remembered consent for a client, so the user is asked again. */
    public boolean revokeConsent(String bearer, String subject, String clientId, RequestContext context) {
        gate.admit(bearer, "consent.revoked", context);
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
        gate.admit(bearer, StorageTransfer.EXPORTED, context);
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
        gate.admit(bearer, StorageTransfer.IMPORTED, context);
        return transfer.importFrom(body, contentType, context);
    }
}

package io.mcpoauth.server.admin;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.AdminGate;
import io.mcpoauth.server.GrantRevoker;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The admin API's grants (token families, one per authorization): a subject's or a client's, listed from the
 * grant index with their client, scope, resources, start, last use and expiry, and revoked one at a time or all
 * of a subject or client at once. A revoked grant's tokens are dead at every instance from the next request.
 */
public final class GrantAdmin {

    static final String LISTED = "grants.listed";
    static final String REVOKED = "grants.revoked";

    private final AdminGate gate;
    private final GrantIndexStore index;
    private final GrantRevoker revoker;
    private final AuditLog audit;
    private final Clock clock;

    public GrantAdmin(AdminGate gate, GrantIndexStore index, GrantRevoker revoker, AuditLog audit, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.index = Objects.requireNonNull(index, "index");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One page of the live grants of a subject or of a client (exactly one of the two), in the order of their
     * ids: {@code {"grants": [...], "next_cursor": "..." | null}}.
     */
    public Map<String, Object> list(String bearer, String subject, String clientId, String cursor, String limit,
            RequestContext context) {
        gate.admit(bearer, LISTED, context);
        Owner owner = Owner.of(null, subject, clientId, "subject and client_id");
        Paging paging = Paging.of(cursor, limit);
        Instant now = clock.instant();
        Page<GrantSummary> page = owner.subject() != null
                ? index.bySubject(owner.subject(), paging.cursor(), paging.limit(), now)
                : index.byClient(owner.clientId(), paging.cursor(), paging.limit(), now);
        audit.record(AuditEvent.success(LISTED).subject(owner.subject()).client(owner.clientId())
                .remote(context.remoteAddress()).with("count", String.valueOf(page.items().size())));
        return Views.page("grants", page.items().stream().map(Views::grant).toList(), page.next());
    }

    /**
     * Revokes one grant ({@code grant_id}), or every grant of a subject or of a client: exactly one of the three.
     * A grant id the index does not know is revoked all the same (it may predate the index) and not counted.
     *
     * @return how many indexed grants were revoked
     */
    public int revoke(String bearer, String grantId, String subject, String clientId, RequestContext context) {
        gate.admit(bearer, REVOKED, context);
        Owner owner = Owner.of(grantId, subject, clientId, "grant_id, subject and client_id");
        Instant now = clock.instant();
        int revoked;
        if (owner.grantId() != null) {
            revoked = revoker.revoke(owner.grantId(), now) ? 1 : 0;
        } else if (owner.subject() != null) {
            revoked = revoker.revokeAll(after -> index.bySubject(owner.subject(), after, GrantRevoker.PAGE, now),
                    now);
        } else {
            revoked = revoker.revokeAll(after -> index.byClient(owner.clientId(), after, GrantRevoker.PAGE, now),
                    now);
        }
        audit.record(AuditEvent.success(REVOKED).grant(owner.grantId()).subject(owner.subject())
                .client(owner.clientId()).remote(context.remoteAddress()).with("revoked", String.valueOf(revoked)));
        return revoked;
    }

    /** Whose grants a call names: exactly one of a grant id, a subject and a client id (an empty one is none). */
    private record Owner(String grantId, String subject, String clientId) {

        /** @param grantId null where only a subject or a client may be named (a listing) */
        static Owner of(String grantId, String subject, String clientId, String required) {
            ParameterLimits.check("grant_id", grantId);
            ParameterLimits.check("subject", subject);
            ParameterLimits.check("client_id", clientId);
            Owner o = new Owner(blankToNull(grantId), blankToNull(subject), blankToNull(clientId));
            int given = (o.grantId == null ? 0 : 1) + (o.subject == null ? 0 : 1) + (o.clientId == null ? 0 : 1);
            if (given != 1) {
                throw OAuthException.invalidRequest("exactly one of " + required + " is required");
            }
            return o;
        }

        private static String blankToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }
    }
}

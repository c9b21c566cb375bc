package io.mcpoauth.server.admin;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.AdminGate;
import io.mcpoauth.server.GrantRevoker;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.SubjectBlockStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user's offboarding and blocks. A blocked subject is refused at authorization, at the code exchange and at
 * refresh, at every instance (see {@code SubjectAccess}); offboarding blocks the subject and then revokes every
 * grant the index holds for it. The block is written first: a code or refresh in flight that the revocation's
 * listing misses checks the block after storing its tokens (a refresh, where the storage can, in the very step
 * that rotates its token) and is refused, its grant revoked.
 */
public final class SubjectAdmin {

    static final String OFFBOARDED = "subject.offboarded";
    static final String BLOCKED = "subject.blocked";
    static final String UNBLOCKED = "subject.unblocked";

    private final AdminGate gate;
    private final SubjectBlockStore blocks;
    private final GrantIndexStore index;
    private final GrantRevoker revoker;
    private final Duration grantMaxLifetime;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param grantMaxLifetime how long a block lasts when the call names no end: by then every grant the subject
     *                         held has ended, however often it was refreshed
     */
    public SubjectAdmin(AdminGate gate, SubjectBlockStore blocks, GrantIndexStore index, GrantRevoker revoker,
            Duration grantMaxLifetime, AuditLog audit, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.index = Objects.requireNonNull(index, "index");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
        this.grantMaxLifetime = Objects.requireNonNull(grantMaxLifetime, "grantMaxLifetime");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Blocks the subject until {@code until} (default: the grant maximum lifetime from now), then revokes every
     * grant of it: {@code {"subject": ..., "blocked_until": ..., "revoked": n}}.
     */
    public Map<String, Object> offboard(String bearer, String subject, String until, RequestContext context) {
        gate.admit(bearer, OFFBOARDED, context);
        String who = required(subject);
        Instant now = clock.instant();
        Instant end = blockUntil(who, until, now);
        int revoked = revoker.revokeAll(after -> index.bySubject(who, after, GrantRevoker.PAGE, now), now);
        audit.record(AuditEvent.success(OFFBOARDED).subject(who).remote(context.remoteAddress())
                .with("until", end.toString()).with("revoked", String.valueOf(revoked)));
        Map<String, Object> answer = blocked(who, end);
        answer.put("revoked", revoked);
        return answer;
    }

    /**
     * Blocks the subject until {@code until} (default: the grant maximum lifetime from now), replacing any block
     * it had; its grants are kept, but refused at their next refresh. {@code {"subject": ..., "blocked_until": ...}}
     */
    public Map<String, Object> block(String bearer, String subject, String until, RequestContext context) {
        gate.admit(bearer, BLOCKED, context);
        String who = required(subject);
        Instant end = blockUntil(who, until, clock.instant());
        audit.record(AuditEvent.success(BLOCKED).subject(who).remote(context.remoteAddress())
                .with("until", end.toString()));
        return blocked(who, end);
    }

    /** Lifts the subject's block (not the deny list's refusal): {@code {"unblocked": true|false}}. */
    public boolean unblock(String bearer, String subject, RequestContext context) {
        gate.admit(bearer, UNBLOCKED, context);
        String who = required(subject);
        boolean lifted = blocks.unblock(who, clock.instant());
        audit.record(AuditEvent.success(UNBLOCKED).subject(who).remote(context.remoteAddress())
                .reason(lifted ? null : "not blocked"));
        return lifted;
    }

    /** Blocks the subject until {@code until}, by default the grant maximum lifetime from now. @return the end */
    private Instant blockUntil(String subject, String until, Instant now) {
        Instant end = Until.parse(until, now, now.plus(grantMaxLifetime));
        blocks.block(subject, end, now);
        return end;
    }

    private static Map<String, Object> blocked(String subject, Instant until) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subject", subject);
        answer.put("blocked_until", Views.time(until));
        return answer;
    }

    private static String required(String subject) {
        ParameterLimits.check("subject", subject);
        if (subject == null || subject.isEmpty()) {
            throw OAuthException.invalidRequest("subject is required");
        }
        return subject;
    }
}

package io.mcpoauth.audit;

import io.mcpoauth.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audit event. Built fluently; only the fields that were set are written, each cut to
 * {@value LogText#MAX} characters (most come from the caller: a client id, a user name, a reason).
 */
public final class AuditEvent {

    private final String event;
    private final String outcome;
    private final Map<String, String> fields = new LinkedHashMap<>();

    private AuditEvent(String event, String outcome) {
        this.event = Objects.requireNonNull(event, "event");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    public static AuditEvent success(String event) {
        return new AuditEvent(event, "success");
    }

    public static AuditEvent failure(String event) {
        return new AuditEvent(event, "failure");
    }

    public AuditEvent client(String clientId) {
        return with("client", clientId);
    }

    /** Whether the client is {@code public} or {@code confidential} (RFC 6749 2.1), as field {@code client_kind}. */
    public AuditEvent clientKind(boolean isPublic) {
        return with("client_kind", isPublic ? "public" : "confidential");
    }

    public AuditEvent subject(String subject) {
        return with("subject", subject);
    }

    public AuditEvent remote(String address) {
        return with("remote", address);
    }

    /** A fingerprint of a token hash (see {@code Tokens.fingerprint}); never the token itself. */
    public AuditEvent token(String fingerprint) {
        return with("token", fingerprint);
    }

    public AuditEvent grant(String grantId) {
        return with("grant", grantId);
    }

    public AuditEvent scope(String scope) {
        return with("scope", scope);
    }

    public AuditEvent reason(String reason) {
        return with("reason", reason);
    }

    public AuditEvent with(String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(LogText.cut(name, 64), LogText.cut(value));
        }
        return this;
    }

    public String event() {
        return event;
    }

    public String outcome() {
        return outcome;
    }

    /** One field's value as it will be written, or null when not set. */
    public String field(String name) {
        return fields.get(name);
    }

    public Map<String, String> fields() {
        return Map.copyOf(fields);
    }

    /** The JSON line: {@code {"time":...,"event":...,"outcome":...,...}}. */
    String toJson(String time) {
        StringBuilder sb = new StringBuilder(160);
        sb.append('{');
        Json.field(sb, "time", time).append(',');
        Json.field(sb, "event", event).append(',');
        Json.field(sb, "outcome", outcome);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            Json.field(sb.append(','), e.getKey(), e.getValue());
        }
        return sb.append('}').toString();
    }
}

package io.mcpoauth.audit;

/**
 * Told of every audit event, on the request's thread, before the line is queued and whatever the audit logger's
 * level (the operator metrics count them: {@code metrics/AuditCounters}). It must be quick and must not throw; a
 * failure is caught and the line is written anyway.
 */
@FunctionalInterface
public interface AuditListener {

    AuditListener NONE = event -> { };

    void recorded(AuditEvent event);
}

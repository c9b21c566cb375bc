package io.mcpoauth.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes audit events as JSON lines to the {@code mcp.oauth.audit} logger. */
@ApplicationScoped
public class AuditLog {

    public static final String LOGGER_NAME = "mcp.oauth.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);

    private final Clock clock;

    public AuditLog() {
        this(Clock.systemUTC());
    }

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public void record(AuditEvent event) {
        Level level = "success".equals(event.outcome()) ? Level.INFO : Level.WARNING;
        if (LOG.isLoggable(level)) {
            LOG.log(level, event.toJson(Instant.now(clock).toString()));
        }
    }
}

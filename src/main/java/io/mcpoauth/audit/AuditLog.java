package io.mcpoauth.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Writes audit events as JSON lines to the {@code mcp.oauth.audit} logger.
 *
 * <p>The request thread only builds the line and queues it; one writer thread hands the lines to the logger
 * in order. A console or file handler writes under one lock, and a profile of the token endpoint under load
 * showed request threads queueing on it. Nothing is dropped: when the queue is full the caller writes its
 * line itself, and closing the log writes whatever is still queued.
 */
@ApplicationScoped
public class AuditLog implements AutoCloseable {

    public static final String LOGGER_NAME = "mcp.oauth.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
    private static final int QUEUE = 16_384;

    private final Clock clock;
    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Object lock = new Object();
    private volatile Thread writer;
    private volatile boolean closed;

    public AuditLog() {
        this(Clock.systemUTC());
    }

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public void record(AuditEvent event) {
        Level level = "success".equals(event.outcome()) ? Level.INFO : Level.WARNING;
        if (!LOG.isLoggable(level)) {
            return;
        }
        LogRecord line = new LogRecord(level, event.toJson(Instant.now(clock).toString()));
        line.setLoggerName(LOGGER_NAME);
        line.setSourceClassName(AuditLog.class.getName());
        line.setSourceMethodName("record");
        if (!startWriter() || !queue.offer(line)) {
            LOG.log(line);
        } else if (closed) {
            writeQueued(); // queued while the log was closing: nobody else will write it
        }
    }

    /** Starts the writer on first use; false once closed (the caller then writes itself). */
    private boolean startWriter() {
        if (writer != null) {
            return !closed;
        }
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (writer == null) {
                Thread t = new Thread(this::write, "mcp-oauth-audit");
                t.setDaemon(true);
                t.start();
                writer = t;
            }
            return true;
        }
    }

    private void write() {
        List<LogRecord> batch = new ArrayList<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                batch.add(queue.take());
                queue.drainTo(batch, 255);
                batch.forEach(LOG::log);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer and writes what is still queued (when the application stops). */
    @PreDestroy
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = writer;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeQueued();
    }

    private void writeQueued() {
        List<LogRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(LOG::log);
    }
}

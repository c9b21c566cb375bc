package io.mcpoauth.audit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Writes audit events as JSON lines to the {@code mcp.oauth.audit} logger.
 *
 * <p>The request thread only builds the line and queues it; one writer thread hands the lines to the logger
 * in order. A console or file handler writes under one lock, and a profile of the token endpoint under load
 * showed request threads queueing on it. Nothing is dropped and each thread's lines keep their order: when
 * the queue is full the caller waits for room, and closing the log writes whatever is still queued. Under
 * load the writer takes the lines that gathered every {@value #GATHER_MILLIS} ms, so request threads queue a
 * line without waking anyone.
 */
@ApplicationScoped
public class AuditLog implements AutoCloseable {

    public static final String LOGGER_NAME = "mcp.oauth.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
    private static final int QUEUE = 16_384;
    private static final long GATHER_MILLIS = 2;

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
        if (!startWriter() || !enqueue(line)) {
            LOG.log(line);
        } else if (closed) {
            writeQueued(); // queued while the log was closing: nobody else will write it
        }
    }

    /**
     * Queues the line, waiting for room when the writer is behind (the request then goes at the log's pace, as
     * with synchronous logging, and each thread's lines stay in order); false when the log closed meanwhile.
     */
    private boolean enqueue(LogRecord line) {
        try {
            while (!queue.offer(line, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
                queue.drainTo(batch, 1023);
                batch.forEach(LOG::log);
                batch.clear();
                // While lines keep coming, let them gather rather than wait on the queue: a waiting writer has
                // to be woken by each line (a system call in the request thread), a sleeping one by none.
                Thread.sleep(GATHER_MILLIS);
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

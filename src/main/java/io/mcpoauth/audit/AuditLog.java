package io.mcpoauth.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Writes audit events as JSON lines to the {@code mcp.oauth.audit} logger.
 *
 * <p>The request thread only builds the line and queues it; one writer thread hands the lines to the logger
 * in order. A console or file handler writes under one lock, and a profile of the token endpoint under load
 * showed request threads queueing on it. Each thread's lines keep their order: when the queue is full the
 * caller waits for room while the writer is making progress, and closing the log writes whatever is still
 * queued. Under load the writer takes the lines that gathered every {@value #GATHER_MILLIS} ms, so request
 * threads queue a line without waking anyone.
 *
 * <p>No request ever waits on a writer that cannot write. The writer survives any {@link Throwable} (an
 * {@link OutOfMemoryError} once killed it, and with its queue full every request that audited waited forever);
 * the lines of a batch it could not write are counted as dropped. Should the thread die anyway, each caller
 * writes its own line, as without a writer. Should it stop making progress with the queue full (a handler
 * blocked on its output), callers stop waiting after {@link #stall} and drop their line, counted; the writer
 * reports the count once it moves again. {@link #state()} tells health checks which of these holds.
 *
 * <p>In the container the writer is a thread the container manages, made by the default
 * {@link ManagedThreadFactory} (Jakarta Concurrency, present in every Jakarta EE 10 server); outside one, as in
 * unit tests, it is a plain daemon thread.
 */
@ApplicationScoped
public class AuditLog implements AutoCloseable {

    public static final String LOGGER_NAME = "mcp.oauth.audit";
    private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
    /** For reports about the log itself: never through the audit logger, whose handler may be the trouble. */
    private static final Logger SELF = Logger.getLogger(AuditLog.class.getName());
    private static final int QUEUE = 16_384;
    private static final long GATHER_MILLIS = 2;
    private static final Duration STALL = Duration.ofSeconds(2);
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What the writer is doing, for health checks. */
    public enum Writer {
        /** Nothing audited yet. */
        NOT_STARTED,
        RUNNING,
        /** Lines wait and the writer has written none for longer than the stall bound: callers drop theirs. */
        STALLED,
        /** The thread ended while the log was open: callers write their own lines. */
        DEAD,
        CLOSED
    }

    /** The writer's state with the count of lines dropped since start and of lines waiting. */
    public record State(Writer writer, long dropped, int queued) {

        /** Whether audit lines are being written as they should (not when stalled or dead). */
        public boolean healthy() {
            return writer != Writer.STALLED && writer != Writer.DEAD;
        }
    }

    private final Clock clock;
    private final AuditListener listener;
    private final Consumer<LogRecord> sink;
    private final BlockingQueue<LogRecord> queue;
    /** Set once, before the first line: at construction, or by {@link #useContainerThreads()}. */
    private volatile ThreadFactory threads;
    private final long stallNanos;
    private final Object lock = new Object();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean deathReported = new AtomicBoolean();
    private volatile Thread writer;
    private volatile boolean closed;
    private volatile long lastProgress = System.nanoTime();
    private long reportedDrops;
    private long lastReport;

    /** The container's thread factory, injected when CDI makes this bean; null outside a container. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory containerThreads;

    /** For CDI's client proxy only. */
    protected AuditLog() {
        this.clock = null;
        this.listener = null;
        this.sink = null;
        this.queue = null;
        this.stallNanos = 0;
    }

    /** @param clock times every line: the provider's one clock */
    public AuditLog(Clock clock) {
        this(clock, AuditListener.NONE);
    }

    /**
     * @param clock    times every line: the provider's one clock
     * @param listener told of every event (the operator metrics)
     */
    @Inject
    public AuditLog(Clock clock, AuditListener listener) {
        this(clock, listener, LOG::log, QUEUE, AuditLog::daemon, STALL);
    }

    /**
     * @param sink     where lines go (the logger)
     * @param capacity lines the queue holds
     * @param threads  makes the writer thread
     * @param stall    how long callers wait for room in a full queue while the writer writes nothing
     */
    AuditLog(Clock clock, Consumer<LogRecord> sink, int capacity, ThreadFactory threads, Duration stall) {
        this(clock, AuditListener.NONE, sink, capacity, threads, stall);
    }

    private AuditLog(Clock clock, AuditListener listener, Consumer<LogRecord> sink, int capacity,
            ThreadFactory threads, Duration stall) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.threads = Objects.requireNonNull(threads, "threads");
        this.stallNanos = stall.toNanos();
    }

    /**
     * Makes the writer a container-managed thread. The writer starts on the first line, after CDI has called
     * this, so no plain thread is ever started in the container.
     */
    @PostConstruct
    void useContainerThreads() {
        if (containerThreads != null) {
            threads = containerThreads;
        }
    }

    /**
     * Makes CDI create this bean at deployment, where the application's naming context is in place. Created on
     * first use instead, it could be created on a thread outside the application (WildFly runs health checks
     * on its management threads), where {@code java:comp/DefaultManagedThreadFactory} cannot be found.
     */
    void createAtDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // nothing to do: being called is what creates the bean
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "mcp-oauth-audit");
        t.setDaemon(true);
        return t;
    }

    public void record(AuditEvent event) {
        tell(event);
        Level level = "success".equals(event.outcome()) ? Level.INFO : Level.WARNING;
        if (!LOG.isLoggable(level)) {
            return;
        }
        LogRecord line = new LogRecord(level, event.toJson(Instant.now(clock).toString()));
        line.setLoggerName(LOGGER_NAME);
        line.setSourceClassName(AuditLog.class.getName());
        line.setSourceMethodName("record");
        if (!startWriter()) {
            sink.accept(line);
            return;
        }
        switch (enqueue(line)) {
            case QUEUED -> {
                if (closed) {
                    writeQueued(); // queued while the log was closing: nobody else will write it
                }
            }
            case WRITE_HERE -> sink.accept(line);
            case DROPPED -> dropped.incrementAndGet();
        }
    }

    /** The listener counts the event; its failure must not cost the request its answer or the line. */
    private void tell(AuditEvent event) {
        try {
            listener.recorded(event);
        } catch (RuntimeException e) {
            SELF.log(Level.FINE, "the audit listener failed", e);
        }
    }

    private enum Outcome { QUEUED, WRITE_HERE, DROPPED }

    /**
     * Queues the line, waiting for room while the writer is behind but moving (the request then goes at the
     * log's pace, as with synchronous logging, and each thread's lines stay in order). The caller writes the
     * line itself when the log closed or the writer died meanwhile, and drops it when the writer is stalled.
     */
    private Outcome enqueue(LogRecord line) {
        try {
            while (!queue.offer(line, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return Outcome.WRITE_HERE;
                }
                if (!writerAlive()) {
                    reportDeath();
                    return Outcome.WRITE_HERE;
                }
                if (System.nanoTime() - lastProgress > stallNanos) {
                    return Outcome.DROPPED;
                }
            }
            return Outcome.QUEUED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.WRITE_HERE;
        }
    }

    private boolean writerAlive() {
        Thread t = writer;
        return t != null && t.isAlive();
    }

    /** Starts the writer on first use; false once closed or once the writer died (the caller then writes itself). */
    private boolean startWriter() {
        if (writer != null) {
            if (closed) {
                return false;
            }
            if (!writer.isAlive()) {
                reportDeath();
                return false;
            }
            return true;
        }
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (writer == null) {
                lastProgress = System.nanoTime();
                Thread t = threads.newThread(this::write);
                t.start();
                writer = t;
            }
            return true;
        }
    }

    private void reportDeath() {
        if (!closed && deathReported.compareAndSet(false, true)) {
            SELF.severe("the audit writer thread has stopped: request threads write audit lines themselves");
        }
    }

    private void write() {
        List<LogRecord> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, 1023);
                for (LogRecord line : batch) {
                    sink.accept(line);
                    lastProgress = System.nanoTime();
                }
                batch.clear();
                reportDrops();
                // While lines keep coming, let them gather rather than wait on the queue: a waiting writer has
                // to be woken by each line (a system call in the request thread), a sleeping one by none.
                Thread.sleep(GATHER_MILLIS);
            } catch (InterruptedException e) {
                return; // closing: close() writes what is left
            } catch (Throwable e) { // NOPMD: the writer must outlive any failure, an OutOfMemoryError included
                dropped.addAndGet(batch.size());
                batch.clear();
                lastProgress = System.nanoTime();
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Tells the operator, from the writer's thread and at most every 10 s, how many lines were dropped. */
    private void reportDrops() {
        long now = System.nanoTime();
        long total = dropped.get();
        if (total > reportedDrops && now - lastReport > REPORT_NANOS) {
            SELF.warning((total - reportedDrops) + " audit lines dropped while the audit writer was stalled or failing");
            reportedDrops = total;
            lastReport = now;
        }
    }

    /** What the writer is doing, with the lines dropped so far; cheap enough for every health request. */
    public State state() {
        Thread t = writer;
        Writer w;
        if (closed) {
            w = Writer.CLOSED;
        } else if (t == null) {
            w = Writer.NOT_STARTED;
        } else if (!t.isAlive()) {
            w = Writer.DEAD;
        } else if (!queue.isEmpty() && System.nanoTime() - lastProgress > stallNanos) {
            w = Writer.STALLED;
        } else {
            w = Writer.RUNNING;
        }
        return new State(w, dropped.get(), queue.size());
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
        rest.forEach(sink);
    }
}

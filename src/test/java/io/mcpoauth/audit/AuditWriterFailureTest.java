package io.mcpoauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit writer failing: an OutOfMemoryError once killed it, and with its queue full every request that
 * audited waited forever. Callers must return promptly whatever the writer does, and the log's state must say so.
 */
class AuditWriterFailureTest {

    private static final Logger LOG = Logger.getLogger(AuditLog.LOGGER_NAME);
    private static final Duration PROMPT = Duration.ofSeconds(10);
    private final List<LogRecord> written = new CopyOnWriteArrayList<>();
    private Level level;

    @BeforeEach
    void enable() {
        level = LOG.getLevel();
        LOG.setLevel(Level.INFO);
    }

    @AfterEach
    void restore() {
        LOG.setLevel(level);
    }

    private static AuditEvent event(int i) {
        return AuditEvent.success("token.issued").client("c").reason(Integer.toString(i));
    }

    @Test
    void recordWhenSinkThrowsOutOfMemoryErrorThenWriterSurvivesAndLaterLinesWritten() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        Consumer<LogRecord> sink = line -> {
            if (line.getMessage().contains("\"reason\":\"0\"")) {
                failed.countDown();
                throw new OutOfMemoryError("simulated");
            }
            written.add(line);
        };
        AuditLog log = new AuditLog(Clock.systemUTC(), sink, 16, Thread::new, Duration.ofSeconds(5));
        log.record(event(0));
        assertTrue(failed.await(10, TimeUnit.SECONDS));
        log.record(event(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, written.size(), "the writer lived on and wrote the next line");
        AuditLog.State state = log.state();
        assertEquals(AuditLog.Writer.RUNNING, state.writer());
        assertEquals(1, state.dropped(), "the line the writer could not write is counted");
        assertTrue(state.healthy());
        log.close();
    }

    /** The writer thread is dead (made here by a factory whose thread never runs the writer). */
    @Test
    void recordWhenWriterDeadThenCallersWriteThemselvesAndStateDead() throws Exception {
        AuditLog log = new AuditLog(Clock.systemUTC(), written::add, 4,
                r -> {
                    Thread t = new Thread(() -> {
                        throw new OutOfMemoryError("simulated death of the writer");
                    });
                    t.setUncaughtExceptionHandler((thread, e) -> { });
                    return t;
                }, Duration.ofSeconds(5));
        assertTimeoutPreemptively(PROMPT, () -> {
            for (int i = 0; i < 100; i++) {
                log.record(event(i)); // far more than the queue holds: nobody may wait on the dead writer
            }
        });
        assertEquals(AuditLog.Writer.DEAD, log.state().writer());
        assertFalse(log.state().healthy(), "health reports the dead writer");
        assertTrue(written.size() >= 96, "lines after the writer died are written by the callers: " + written.size());
        log.close();
    }

    /** The writer is alive but blocked (a handler stuck on its output): a full queue must not hold callers. */
    @Test
    void recordWhenWriterBlockedAndQueueFullThenCallersReturnAndLinesCountedDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Consumer<LogRecord> sink = line -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        };
        AuditLog log = new AuditLog(Clock.systemUTC(), sink, 4, Thread::new, Duration.ofMillis(300));
        log.record(event(0));
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        assertTimeoutPreemptively(PROMPT, () -> {
            for (int i = 1; i <= 20; i++) {
                log.record(event(i));
            }
        });
        AuditLog.State state = log.state();
        assertEquals(AuditLog.Writer.STALLED, state.writer());
        assertFalse(state.healthy());
        assertEquals(4, state.queued());
        assertEquals(16, state.dropped(), "20 lines, 4 queued behind the one being written");
        release.countDown();
        log.close();
        assertEquals(5, written.size(), "what was queued is still written once the writer moves");
    }

    /** In the container CDI injects the managed factory and calls the bean's {@code @PostConstruct}. */
    @Test
    void recordWhenContainerThreadFactoryInjectedThenWriterIsItsThread() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        CountDownLatch wrote = new CountDownLatch(1);
        AuditLog log = new AuditLog(Clock.systemUTC(), line -> {
            written.add(line);
            wrote.countDown();
        }, 16, r -> {
            throw new AssertionError("the plain factory must not be used once the container's is injected");
        }, Duration.ofSeconds(5));
        log.containerThreads = new ManagedThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "managed");
                made.add(t);
                return t;
            }

            @Override
            public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
                throw new UnsupportedOperationException();
            }
        };
        log.useContainerThreads();
        log.record(event(0));
        assertTrue(wrote.await(10, TimeUnit.SECONDS));
        assertEquals(1, made.size(), "the writer came from the injected factory");
        assertEquals(AuditLog.Writer.RUNNING, log.state().writer());
        log.close();
        assertFalse(made.get(0).isAlive(), "closing ends the managed writer");
    }

    /** Outside a container nothing is injected and the factory given at construction stays. */
    @Test
    void recordWhenNoContainerThreadFactoryThenConstructorFactoryUsed() throws Exception {
        List<Thread> made = new CopyOnWriteArrayList<>();
        CountDownLatch wrote = new CountDownLatch(1);
        AuditLog log = new AuditLog(Clock.systemUTC(), line -> wrote.countDown(), 16, r -> {
            Thread t = new Thread(r);
            made.add(t);
            return t;
        }, Duration.ofSeconds(5));
        log.useContainerThreads();
        log.record(event(0));
        assertTrue(wrote.await(10, TimeUnit.SECONDS));
        assertEquals(1, made.size());
        log.close();
    }
}

package io.mcpoauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    @AutoClose
    private final LogCapture written = new LogCapture(AuditLog.LOGGER_NAME);

    /** Many threads at once, more lines than the queue holds: every line is written once, each thread's in order. */
    @Test
    void recordWhenManyThreadsThenEveryLineWrittenInEachThreadsOrder() throws Exception {
        int threads = 8;
        int each = 3_000;
        AuditLog log = new AuditLog(Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            String client = "c" + t;
            pool.execute(() -> {
                await(start);
                for (int i = 0; i < each; i++) {
                    log.record(AuditEvent.success("token.issued").client(client).reason(Integer.toString(i)));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        log.close();

        List<LogRecord> lines = written.records();
        assertEquals(threads * each, lines.size());
        Map<String, Integer> next = new HashMap<>();
        Pattern p = Pattern.compile("\"client\":\"(c\\d+)\".*\"reason\":\"(\\d+)\"");
        for (LogRecord r : lines) {
            assertEquals(Level.INFO, r.getLevel());
            Matcher m = p.matcher(r.getMessage());
            assertTrue(m.find(), r.getMessage());
            int expected = next.getOrDefault(m.group(1), 0);
            assertEquals(expected, Integer.parseInt(m.group(2)), "order of " + m.group(1));
            next.put(m.group(1), expected + 1);
        }
    }

    @Test
    void recordWhenClosedThenWrittenAtOnce() {
        AuditLog log = new AuditLog(Clock.systemUTC());
        log.record(AuditEvent.failure("login.failed").reason("before"));
        log.close();
        log.record(AuditEvent.failure("login.failed").reason("after"));
        List<LogRecord> lines = written.records();
        assertEquals(2, lines.size());
        assertEquals(Level.WARNING, lines.get(1).getLevel());
        assertTrue(lines.get(1).getMessage().contains("\"after\""), lines.get(1).getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.mcpoauth.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what a logger writes while it is open, instead of printing it: as a resource in {@code try}, or in a
 * field marked {@code @AutoClose} for the length of each test.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Captures what the class logs from INFO up, whatever level the tests' logging configuration sets. */
    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    /** Captures what the named logger writes from INFO up (the audit log's is {@link AuditLog#LOGGER_NAME}). */
    public LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    /** What was written so far, in order. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages written so far, in order; a record without one counts as "". */
    public List<String> messages() {
        return records().stream().map(r -> r.getMessage() == null ? "" : r.getMessage()).toList();
    }

    public String all() {
        return String.join("\n", messages());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(true);
        logger.setLevel(before);
    }
}

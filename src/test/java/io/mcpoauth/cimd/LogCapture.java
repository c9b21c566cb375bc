package io.mcpoauth.cimd;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a class logs while it is open, instead of printing it. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level before;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    /** Captures from INFO up, whatever level the tests' logging configuration sets. */
    LogCapture(Class<?> source) {
        logger = Logger.getLogger(source.getName());
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    String all() {
        return String.join("\n", messages);
    }

    @Override
    public void publish(LogRecord record) {
        String m = record.getMessage();
        messages.add(m == null ? "" : m);
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

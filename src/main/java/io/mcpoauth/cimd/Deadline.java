package io.mcpoauth.cimd;

import java.time.Duration;

/** The one instant by which a whole fetch ends, on the monotonic clock. */
final class Deadline {

    private final long endNanos;
    private final Duration length;

    private Deadline(long endNanos, Duration length) {
        this.endNanos = endNanos;
        this.length = length;
    }

    static Deadline in(Duration length) {
        return new Deadline(System.nanoTime() + length.toNanos(), length);
    }

    long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    /**
     * The milliseconds left, at least 1 (0 means "no limit" to socket timeouts).
     *
     * @throws MetadataDocumentException when none are left
     */
    int remainingMillis() {
        long nanos = remainingNanos();
        if (nanos <= 0) {
            throw expired();
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, nanos / 1_000_000));
    }

    MetadataDocumentException expired() {
        return new MetadataDocumentException("fetch did not finish within " + length.toMillis() + " ms");
    }
}

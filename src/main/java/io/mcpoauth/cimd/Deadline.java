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
     * The milliseconds left, rounded up so that a socket timeout set to them fires at the deadline, not just
     * before it (0 would mean "no limit" to socket timeouts, so never less than 1).
     *
     * @throws MetadataDocumentException when none are left
     */
    int remainingMillis() {
        long nanos = remainingNanos();
        if (nanos <= 0) {
            throw expired();
        }
        return millisUp(nanos);
    }

    static int millisUp(long nanos) {
        long millis = nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    MetadataDocumentException expired() {
        return new MetadataDocumentException("fetch did not finish within " + length.toMillis() + " ms",
                FetchListener.Outcome.TIMEOUT);
    }
}

package io.mcpoauth.signing;

import io.mcpoauth.lang.Require;
import java.time.Duration;
import java.time.Instant;

/**
 * When generated keys sign, appear and disappear. Time is cut into slots of {@code interval} counted from the
 * epoch, so every instance finds the same slots; slot {@code n}'s key signs during {@code [n·interval,
 * (n+1)·interval)}, is published {@code publishAhead} before that, and stays published {@code retention} after
 * (the longest access-token lifetime plus clock skew: until no token it signed can still be accepted).
 */
record Rotation(Duration interval, Duration publishAhead, Duration retention) {

    Rotation {
        Require.nonNull("interval, publishAhead, retention", interval, publishAhead, retention);
        if (publishAhead.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("a key must be published less than one interval ahead");
        }
    }

    /** The start of the slot signing at {@code now}. */
    Instant currentSlot(Instant now) {
        long i = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), i) * i);
    }

    Instant nextSlot(Instant now) {
        return currentSlot(now).plus(interval);
    }

    /** Whether the next slot's key must be published by {@code now}. */
    boolean nextDue(Instant now) {
        return !now.isBefore(publishAt(nextSlot(now)));
    }

    Instant publishAt(Instant slot) {
        return slot.minus(publishAhead);
    }

    Instant signsUntil(Instant slot) {
        return slot.plus(interval);
    }

    Instant expiresAt(Instant slot) {
        return signsUntil(slot).plus(retention);
    }
}

package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Socket timeouts taken from the deadline end at it, never before it and never without a limit. */
class DeadlineTest {

    @Test
    void millisUpRoundsUpSoATimeoutNeverFiresBeforeTheDeadline() {
        assertEquals(1, Deadline.millisUp(1), "a nanosecond left is one millisecond, never 0 (no limit)");
        assertEquals(1, Deadline.millisUp(1_000_000));
        assertEquals(2, Deadline.millisUp(1_000_001));
        assertEquals(1000, Deadline.millisUp(999_500_000));
        assertEquals(Integer.MAX_VALUE, Deadline.millisUp(Long.MAX_VALUE));
    }

    @Test
    void remainingMillisWhenPassedThenTheDeadlineMessage() throws Exception {
        Deadline d = Deadline.in(Duration.ofNanos(1));
        Thread.sleep(2);
        MetadataDocumentException e = assertThrows(MetadataDocumentException.class, d::remainingMillis);
        assertTrue(e.getMessage().startsWith("fetch did not finish within"), e.getMessage());
    }
}

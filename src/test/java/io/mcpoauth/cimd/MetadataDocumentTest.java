package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mcpoauth.protocol.JsonBounds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetadataDocumentTest {

    private static final String URL = "https://app.example/client.json";

    /** What {@code parse} throws on a thread with a small stack, as a busy server's worker may have. */
    private static Throwable parseOnSmallStack(String body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                MetadataDocument.parse(URL, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 128 * 1024);
        t.start();
        t.join();
        return thrown.get();
    }

    @Test
    void parseWhenNestedDeeplyThenRejectedWithoutStackOverflow() throws Exception {
        for (String body : new String[] {"[".repeat(999) + "]".repeat(999), "{\"a\":".repeat(999) + "1"
                + "}".repeat(999), "[".repeat(5000)}) {
            Throwable e = parseOnSmallStack(body);
            assertInstanceOf(MetadataDocumentException.class, e, String.valueOf(e));
            assertEquals("document refused: JSON nested deeper than " + JsonBounds.MAX_DEPTH + " levels",
                    e.getMessage());
        }
        assertNull(parseOnSmallStack(TestCimd.doc(URL, ",\"x\":[[[[{\"y\":[1]}]]]]")), "a shallow one parses there");
    }

    @Test
    void requireShallowWhenBracketsInsideStringsThenNotCounted() {
        String inStrings = "{\"client_name\":\"" + "[{".repeat(100) + "\\\"[[[\",\"x\":[[1]]}";
        MetadataDocument.requireShallow(inStrings.getBytes(StandardCharsets.UTF_8));
        String deep = "[".repeat(JsonBounds.MAX_DEPTH) + "]".repeat(JsonBounds.MAX_DEPTH);
        MetadataDocument.requireShallow(deep.getBytes(StandardCharsets.UTF_8));
    }
}

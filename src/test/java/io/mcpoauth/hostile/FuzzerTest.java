package io.mcpoauth.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The fuzz pass's requests: reproducible from the seed, and never naming a host off loopback. */
class FuzzerTest {

    private static final List<String> DOCUMENTS = List.of("https://localhost:4443/apps/a.json");

    @Test
    void requestsWhenSameSeedThenSameRequests() {
        List<Request> a = new Fuzzer(42, DOCUMENTS, "admin").requests(500);
        List<Request> b = new Fuzzer(42, DOCUMENTS, "admin").requests(500);
        assertEquals(500, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).label(), b.get(i).label());
            assertArrayEquals(a.get(i).target(), b.get(i).target());
        }
    }

    @Test
    void requestsWhenGeneratedThenEveryUrlIsOnLoopback() {
        for (Request r : new Fuzzer(7, DOCUMENTS, "admin").requests(3_000)) {
            String target = java.net.URLDecoder.decode(new String(r.target(), StandardCharsets.ISO_8859_1)
                    .replaceAll("%(?![0-9a-fA-F]{2})", "%25"), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            String rest = target.replace("https://localhost:4443/", "").replace("https://localhost:1/", "")
                    .replace("http://127.0.0.1", "").replace("http://localhost/", "");
            assertFalse(rest.contains("://"), "a URL off loopback in " + r.label());
        }
    }

    @Test
    void safeWhenValueReadsAsUrlOrJavaNameThenReplaced() {
        assertEquals("x19", FuzzValues.safe("https://example.com"));
        assertEquals("x19", FuzzValues.safe("%68ttps%3A//evil.ex"));
        assertEquals("x14", FuzzValues.safe("java.lang.Null"));
        assertEquals("plain-value", FuzzValues.safe("plain-value"));
        assertThrows(IllegalArgumentException.class,
                () -> new FuzzValues(new java.util.Random(1), List.of("https://example.com/a.json")));
    }
}

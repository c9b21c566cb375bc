package io.mcpoauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuditEventTest {

    /** Regression: a 5 MB client id was logged whole, twice per request (287 MB of log). */
    @Test
    void fieldsWhenCallerSuppliesHugeValuesThenCutWithMarker() {
        String clientId = "https://evil.example/" + "a".repeat(5_000_000);
        AuditEvent e = AuditEvent.failure("token.rejected").client(clientId).subject("u".repeat(300))
                .reason("short").with("n".repeat(100), "v");
        String client = e.fields().get("client");
        assertTrue(client.startsWith("https://evil.example/aaa"), client);
        assertTrue(client.endsWith("...(" + (clientId.length() - LogText.MAX) + " more characters)"), client);
        assertTrue(client.length() < LogText.MAX + 40, "length " + client.length());
        assertEquals("short", e.fields().get("reason"));
        assertTrue(e.fields().get("subject").length() < LogText.MAX + 40);
        assertTrue(e.toJson("t").length() < 1_000, "the whole line is bounded");
        assertTrue(e.fields().keySet().stream().allMatch(k -> k.length() < 100), "field names too");
    }

    @Test
    void cutWhenShortOrNullThenUnchangedAndNeverSplitsASurrogatePair() {
        assertNull(LogText.cut(null));
        assertEquals("abc", LogText.cut("abc"));
        String emoji = "a".repeat(LogText.MAX - 1) + "\uD83D\uDE00" + "tail";
        String cut = LogText.cut(emoji);
        assertTrue(cut.startsWith("a".repeat(LogText.MAX - 1) + "..."), cut);
    }
}

package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void objectWhenEveryKindOfValueThenAJsonParserReadsItBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("exp", 1_764_500_000L);
        m.put("n", 3);
        m.put("sub", "ada \"the\" \\ \n\t\r\u0001 \u2028 é 🙂");
        m.put("groups", List.of("a", "b,c"));
        m.put("nested", Map.of("k", List.of()));
        m.put("none", null);
        String text = io.mcpoauth.protocol.Json.object(m);

        JsonObject o = Json.createReader(new StringReader(text)).readObject();
        assertEquals(List.copyOf(m.keySet()), List.copyOf(o.keySet()), "members in the map's order");
        assertEquals(true, o.getBoolean("active"));
        assertEquals(1_764_500_000L, o.getJsonNumber("exp").longValueExact());
        assertEquals(3, o.getInt("n"));
        assertEquals(m.get("sub"), o.getString("sub"));
        assertEquals("b,c", o.getJsonArray("groups").getString(1));
        assertEquals(0, o.getJsonObject("nested").getJsonArray("k").size());
        assertEquals(jakarta.json.JsonValue.NULL, o.get("none"));
        // Line separators are escaped, so a line reader never splits an answer or an audit line.
        assertEquals(-1, text.indexOf('\u2028'));
        assertEquals(-1, text.indexOf('\n'));
    }

    @Test
    void objectWhenEmptyThenBraces() {
        assertEquals("{}", io.mcpoauth.protocol.Json.object(Map.of()));
    }

    @Test
    void objectWhenValueOfAnotherTypeThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> io.mcpoauth.protocol.Json.object(Map.of("at", Instant.EPOCH)));
        assertThrows(IllegalArgumentException.class,
                () -> io.mcpoauth.protocol.Json.object(Map.of("x", 1.5d)));
        Map<Object, Object> badKey = Map.of(1, "one");
        assertThrows(IllegalArgumentException.class,
                () -> io.mcpoauth.protocol.Json.object(Map.of("m", badKey)));
    }
}

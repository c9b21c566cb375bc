package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CimdSettingsTest {

    private static CimdSettings load(Map<String, String> values) {
        return OAuthSettings.load(ConfigSource.of(values)).cimd();
    }

    @Test
    void loadWhenUnsetThenFetchBoundsHaveTheirDefaults() {
        CimdSettings s = load(Map.of());
        assertEquals(Duration.ofSeconds(5), s.timeout());
        assertEquals(16, s.maxConcurrentFetches());
        assertEquals(2, s.maxConcurrentFetchesPerHost());
        assertEquals(16L * 1024 * 1024, s.cacheMaxBytes());
    }

    @Test
    void loadWhenSetThenRead() {
        CimdSettings s = load(Map.of("mcp.oauth.cimd.timeout", "1500ms", "mcp.oauth.cimd.max-concurrent-fetches", "4",
                "mcp.oauth.cimd.max-concurrent-fetches-per-host", "1", "mcp.oauth.cimd.cache-max-bytes", "1048576"));
        assertEquals(Duration.ofMillis(1500), s.timeout());
        assertEquals(4, s.maxConcurrentFetches());
        assertEquals(1, s.maxConcurrentFetchesPerHost());
        assertEquals(1_048_576, s.cacheMaxBytes());
    }

    @Test
    void loadWhenValueBadOrOutOfRangeThenFailsNamingTheKey() {
        for (Map.Entry<String, String> bad : Map.of("mcp.oauth.cimd.timeout", "0s",
                "mcp.oauth.cimd.max-concurrent-fetches", "0", "mcp.oauth.cimd.max-concurrent-fetches-per-host", "2x",
                "mcp.oauth.cimd.cache-max-bytes", "16m").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load(Map.of(bad.getKey(), bad.getValue())), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("mcp.oauth.cimd.timeout", "2m")));
        assertTrue(tooLong.getMessage().startsWith("mcp.oauth.cimd.timeout"), tooLong.getMessage());
    }
}

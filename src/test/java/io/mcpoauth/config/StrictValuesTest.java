package io.mcpoauth.config;

import io.mcpoauth.server.ConsentSettings;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.store.StorageSettings;
import io.mcpoauth.store.jdbc.JdbcSettings;
import io.mcpoauth.store.memory.MemorySettings;
import io.mcpoauth.store.redis.RedisSettings;
import io.mcpoauth.web.ForwardedSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every boolean and number setting is parsed strictly, and a bad value names its key. */
class StrictValuesTest {

    /** Reads the value with every settings record, as a deployment does at start. */
    private static IllegalArgumentException refused(String key, String value) {
        ConfigSource c = ConfigSource.of(Map.of(key, value));
        return assertThrows(IllegalArgumentException.class, () -> {
            OAuthSettings.load(c);
            StorageSettings.load(c);
            MemorySettings.load(c);
            RedisSettings.load(c);
            JdbcSettings.load(c);
            ForwardedSettings.load(c);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "mcp.oauth.redis.tls.verify-hostname, ture",
        "mcp.oauth.redis.tls, yes",
        "mcp.oauth.cimd.enabled, 1",
        "mcp.oauth.cimd.allow-private-addresses, on",
        "mcp.oauth.rate-limit.enabled, flase",
        "mcp.oauth.registration.enabled, truee",
        "mcp.oauth.login.form.allow-non-localhost-issuer, y",
        "mcp.oauth.cimd.max-bytes, 16k",
        "mcp.oauth.rate-limit.per-client, 1.5",
        "mcp.oauth.registration.max-clients, 99999999999999999999",
        "mcp.oauth.memory.max-entries, 0",
        "mcp.oauth.redis.pool-size, 32 connections",
        "mcp.oauth.token.access-ttl, 99999999999999999999d",
        "mcp.oauth.token.refresh-ttl, 9999999999999999d",
    })
    void loadWhenValueMalformedThenFailsNamingTheKey(String key, String value) {
        IllegalArgumentException e = refused(key, value);
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "mcp.oauth.storage, Redis, 'memory, redis, jdbc'",
        "mcp.oauth.storage, postgres, 'memory, redis, jdbc'",
        "mcp.oauth.consent, skip_for, 'always, remember, skip-for'",
        "mcp.oauth.consent, ALWAYS, 'always, remember, skip-for'",
    })
    void loadWhenModeUnknownThenFailsNamingTheKeyAndTheChoices(String key, String value, String choices) {
        IllegalArgumentException e = refused(key, value);
        assertEquals(key + ": must be one of " + choices + ", not \"" + value + "\"", e.getMessage());
    }

    @Test
    void oneOfReadsTheWireNameOfEachConstant() {
        ConfigSource c = ConfigSource.of(Map.of("s", "jdbc", "m", " skip-for "));
        assertEquals(StorageSettings.Backend.JDBC, c.oneOf("s", StorageSettings.Backend.MEMORY));
        assertEquals(ConsentSettings.Mode.SKIP_FOR, c.oneOf("m", ConsentSettings.Mode.REMEMBER));
        assertEquals(ConsentSettings.Mode.REMEMBER, c.oneOf("absent", ConsentSettings.Mode.REMEMBER));
    }

    @Test
    void loadWhenBooleanWrittenInAnyCaseThenRead() {
        ConfigSource c = ConfigSource.of(Map.of("a", "TRUE", "b", " False "));
        assertTrue(c.bool("a", false));
        assertFalse(c.bool("b", true));
        assertTrue(c.bool("absent", true));
    }

    @Test
    void loadWhenNumberOutOfRangeThenRefused() {
        ConfigSource c = ConfigSource.of(Map.of("n", "5"));
        assertEquals(5, c.integer("n", 1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> c.integer("n", 1, 6, 10));
        assertEquals(7, c.integer("absent", 7, 1, 10));
    }

    @Test
    void errorWhenValueLongThenQuotedShort() {
        String secretLike = "x".repeat(500);
        IllegalArgumentException e = refused("mcp.oauth.cimd.enabled", secretLike);
        assertTrue(e.getMessage().length() < 120, e.getMessage());
    }
}

package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code mcp.oauth.redis.*}: defaults, URL parts, topologies and the checks at start-up. */
class RedisSettingsTest {

    private static RedisSettings load(Map<String, String> values) {
        return RedisSettings.load(ConfigSource.of(values));
    }

    @Test
    void loadWhenNothingSetThenLocalStandaloneDefaults() {
        RedisSettings s = load(Map.of());
        assertEquals(RedisSettings.Topology.STANDALONE, s.topology());
        assertEquals("redis://127.0.0.1:6379", s.url().toString());
        assertEquals("oauth:", s.keyPrefix());
        assertFalse(s.tls());
        assertEquals(Optional.empty(), s.password());
        assertEquals(32, s.poolSize());
        assertEquals(Duration.ofSeconds(2), s.socketTimeout());
        assertEquals(3, s.retryAttempts());
        assertEquals(Duration.ofMillis(50), s.retryBackoffBase());
        assertEquals(Duration.ofSeconds(1), s.retryBackoffCap());
        assertEquals(2, s.healthFailureThreshold());
    }

    @Test
    void loadWhenRedissUrlWithUserPasswordAndDbThenTlsAndCredentials() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.url", "rediss://oauth:s3cr%40t@redis.example.com:6380/2"));
        assertTrue(s.tls());
        assertEquals(Optional.of("oauth"), s.user());
        assertEquals(Optional.of("s3cr@t"), s.password());
        assertEquals(2, s.database());
        assertFalse(s.toString().contains("s3cr"), "toString hides the password");
    }

    @Test
    void loadWhenPasswordOnlyInUrlThenNoUser() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.url", "redis://:pw@localhost:6379"));
        assertEquals(Optional.empty(), s.user());
        assertEquals(Optional.of("pw"), s.password());
    }

    @Test
    void loadWhenUserAndPasswordKeysThenTheyOverrideTheUrl() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.url", "redis://a:b@localhost:6379",
                "mcp.oauth.redis.user", "acl-user", "mcp.oauth.redis.password", "acl-pw"));
        assertEquals(Optional.of("acl-user"), s.user());
        assertEquals(Optional.of("acl-pw"), s.password());
    }

    @Test
    void loadWhenSentinelThenSentinelTopology() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.sentinel.master", "mymaster",
                "mcp.oauth.redis.sentinel.nodes", "10.0.0.1:26379, 10.0.0.2:26379"));
        assertEquals(RedisSettings.Topology.SENTINEL, s.topology());
        assertEquals(List.of("10.0.0.1:26379", "10.0.0.2:26379"), s.sentinelNodes());
    }

    @Test
    void loadWhenClusterNodesThenClusterTopology() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.cluster.nodes", "n1:7000,n2:7000,n3:7000"));
        assertEquals(RedisSettings.Topology.CLUSTER, s.topology());
    }

    @Test
    void loadWhenBadValuesThenFailsNamingTheKey() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.redis.key-prefix", "a{b}:")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.redis.url", "http://x:1")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.redis.sentinel.master", "m")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.redis.sentinel.master", "m",
                "mcp.oauth.redis.sentinel.nodes", "h:1", "mcp.oauth.redis.cluster.nodes", "h:2")));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of("mcp.oauth.redis.pool-size", "0")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of("mcp.oauth.redis.url", "redis://u:secret@h:1/notanumber")));
        assertTrue(e.getMessage().startsWith("mcp.oauth.redis.url"));
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void loadWhenTlsTrustStoreThenKept() {
        RedisSettings s = load(Map.of("mcp.oauth.redis.tls", "true",
                "mcp.oauth.redis.tls.trust-store", "/etc/redis/ca.p12",
                "mcp.oauth.redis.tls.trust-store-password", "changeit"));
        assertTrue(s.tls());
        assertEquals(Optional.of("/etc/redis/ca.p12"), s.trustStore());
        assertEquals("PKCS12", s.trustStoreType());
        assertTrue(s.verifyHostname());
    }
}

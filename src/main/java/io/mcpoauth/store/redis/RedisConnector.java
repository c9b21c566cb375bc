package io.mcpoauth.store.redis;

import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the Jedis client for the configured topology: standalone, Sentinel or Cluster, with TLS, ACL
 * credentials, a bounded pool that fails fast when exhausted, and connect and reply timeouts.
 */
final class RedisConnector {

    private RedisConnector() {
    }

    static UnifiedJedis connect(RedisSettings s) {
        JedisClientConfig config = clientConfig(s, s.topology() != RedisSettings.Topology.CLUSTER);
        ConnectionPoolConfig pool = pool(s);
        return switch (s.topology()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(s.url().getHost(), s.url().getPort() < 0 ? 6379 : s.url().getPort())
                    .clientConfig(config).poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(s.sentinelMaster().orElseThrow())
                    .sentinels(nodes(s.sentinelNodes(), 26379))
                    .clientConfig(config)
                    .sentinelClientConfig(sentinelConfig(s))
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(nodes(s.clusterNodes(), 6379))
                    .clientConfig(config).poolConfig(pool)
                    // Jedis follows MOVED/ASK redirections itself, within these bounds.
                    .maxAttempts(Math.max(2, s.retryAttempts()))
                    .maxTotalRetriesDuration(s.socketTimeout().multipliedBy(Math.max(2, s.retryAttempts())))
                    .build();
        };
    }

    private static JedisClientConfig clientConfig(RedisSettings s, boolean withDatabase) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.connectTimeout()))
                .socketTimeoutMillis(millis(s.socketTimeout()))
                .clientName("mcp-oauth");
        s.user().ifPresent(b::user);
        s.password().ifPresent(b::password);
        if (withDatabase) {
            b.database(s.database());
        }
        if (s.tls()) {
            b.ssl(true).sslOptions(sslOptions(s));
        }
        return b.build();
    }

    /** The Sentinels share the data nodes' TLS settings; they have their own password, if any. */
    private static JedisClientConfig sentinelConfig(RedisSettings s) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.connectTimeout()))
                .socketTimeoutMillis(millis(s.socketTimeout()))
                .clientName("mcp-oauth-sentinel");
        s.sentinelPassword().ifPresent(b::password);
        if (s.tls()) {
            b.ssl(true).sslOptions(sslOptions(s));
        }
        return b.build();
    }

    private static SslOptions sslOptions(RedisSettings s) {
        SslOptions.Builder b = SslOptions.builder()
                .sslVerifyMode(s.verifyHostname() ? SslVerifyMode.FULL : SslVerifyMode.CA);
        s.trustStore().ifPresent(path -> b.truststore(new File(path),
                s.trustStorePassword().map(String::toCharArray).orElse(null)).trustStoreType(s.trustStoreType()));
        s.keyStore().ifPresent(path -> b.keystore(new File(path),
                s.keyStorePassword().map(String::toCharArray).orElse(null)).keyStoreType(s.keyStoreType()));
        return b.build();
    }

    /**
     * At most {@code poolSize} connections per node. A request waits for a free one no longer than the reply
     * timeout, then fails (and is answered 503) instead of queueing without bound; idle connections are
     * checked in the background so that dead ones left by an outage are dropped before they are used.
     */
    private static ConnectionPoolConfig pool(RedisSettings s) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(s.poolSize());
        pool.setMaxIdle(s.poolSize());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(s.socketTimeout());
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(java.time.Duration.ofSeconds(10));
        return pool;
    }

    private static Set<HostAndPort> nodes(List<String> values, int defaultPort) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String v : values) {
            int colon = v.lastIndexOf(':');
            nodes.add(colon < 0 ? new HostAndPort(v, defaultPort)
                    : new HostAndPort(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1))));
        }
        return nodes;
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}

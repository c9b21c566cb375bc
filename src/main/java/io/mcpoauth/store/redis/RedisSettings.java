package io.mcpoauth.store.redis;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;

import io.mcpoauth.lang.Require;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Redis backend ({@code mcp.oauth.redis.*}), read only when {@code mcp.oauth.storage=redis} is used.
 * One topology is chosen: Cluster when {@code .cluster.nodes} is set, Sentinel when {@code .sentinel.master}
 * is set, otherwise the standalone server of {@code .url}.
 *
 * @param url                    {@code .url} (default {@code redis://127.0.0.1:6379}): {@code redis://} or
 *                               {@code rediss://} (TLS), with optional {@code user:password@} and {@code /db}
 * @param sentinelMaster         {@code .sentinel.master}: the master name Sentinel monitors
 * @param sentinelNodes          {@code .sentinel.nodes}: {@code host:port} of the Sentinels, comma-separated
 * @param sentinelPassword       {@code .sentinel.password}: when the Sentinels themselves require one
 * @param clusterNodes           {@code .cluster.nodes}: {@code host:port} seeds of a Redis Cluster
 * @param keyPrefix              {@code .key-prefix} (default {@code oauth:}): prefix of every key, to share one
 *                               Redis between deployments or tenants; must not contain braces
 * @param user                   {@code .user}: ACL user; overrides the URL's
 * @param password               {@code .password}: overrides the URL's
 * @param database               the URL's {@code /db} (default 0; standalone and Sentinel only)
 * @param tls                    {@code .tls} (default true for {@code rediss://}, else false)
 * @param trustStore             {@code .tls.trust-store}: a file of trusted CAs; the JVM's when empty
 * @param trustStorePassword     {@code .tls.trust-store-password}
 * @param trustStoreType         {@code .tls.trust-store-type} (default PKCS12)
 * @param keyStore               {@code .tls.key-store}: a client certificate and key, for mutual TLS
 * @param keyStorePassword       {@code .tls.key-store-password}
 * @param keyStoreType           {@code .tls.key-store-type} (default PKCS12)
 * @param verifyHostname         {@code .tls.verify-hostname} (default true)
 * @param poolSize               {@code .pool-size} (default 32): connections per Redis node
 * @param connectTimeout         {@code .connect-timeout} (default 2s)
 * @param socketTimeout          {@code .timeout} (default 2s): the longest wait for one reply
 * @param retryAttempts          {@code .retry.attempts} (default 3): tries of one operation
 * @param retryBackoffBase       {@code .retry.backoff-base} (default 50ms): delay before the second try, doubled
 *                               for each further one
 * @param retryBackoffCap        {@code .retry.backoff-cap} (default 1s): the longest delay between tries
 * @param healthFailureThreshold {@code .health.failure-threshold} (default 2): consecutive timed-out readiness
 *                               checks before readiness reports DOWN (a refused connection reports DOWN at once)
 */
public record RedisSettings(
        URI url,
        Optional<String> sentinelMaster,
        List<String> sentinelNodes,
        Optional<String> sentinelPassword,
        List<String> clusterNodes,
        String keyPrefix,
        Optional<String> user,
        Optional<String> password,
        int database,
        boolean tls,
        Optional<String> trustStore,
        Optional<String> trustStorePassword,
        String trustStoreType,
        Optional<String> keyStore,
        Optional<String> keyStorePassword,
        String keyStoreType,
        boolean verifyHostname,
        int poolSize,
        Duration connectTimeout,
        Duration socketTimeout,
        int retryAttempts,
        Duration retryBackoffBase,
        Duration retryBackoffCap,
        int healthFailureThreshold) {

    /** Which kind of Redis deployment the settings describe. */
    public enum Topology { STANDALONE, SENTINEL, CLUSTER }

    public RedisSettings {
        Require.nonNull("url, keyPrefix, connectTimeout, socketTimeout, retryBackoffBase, retryBackoffCap",
                url, keyPrefix, connectTimeout, socketTimeout, retryBackoffBase, retryBackoffCap);
        sentinelNodes = List.copyOf(sentinelNodes);
        clusterNodes = List.copyOf(clusterNodes);
        if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("mcp.oauth.redis.key-prefix must not contain braces (they are the "
                    + "hash tags that keep related keys in one cluster slot)");
        }
        if (!clusterNodes.isEmpty() && sentinelMaster.isPresent()) {
            throw new IllegalArgumentException(
                    "mcp.oauth.redis.cluster.nodes and mcp.oauth.redis.sentinel.master cannot both be set");
        }
        if (sentinelMaster.isPresent() && sentinelNodes.isEmpty()) {
            throw new IllegalArgumentException("mcp.oauth.redis.sentinel.nodes is required with .sentinel.master");
        }
        if (poolSize < 1 || retryAttempts < 1 || healthFailureThreshold < 1) {
            throw new IllegalArgumentException(
                    "mcp.oauth.redis.pool-size, .retry.attempts and .health.failure-threshold must be positive");
        }
    }

    public Topology topology() {
        if (!clusterNodes.isEmpty()) {
            return Topology.CLUSTER;
        }
        return sentinelMaster.isPresent() ? Topology.SENTINEL : Topology.STANDALONE;
    }

    /** Reads {@code mcp.oauth.redis.*}; every key is optional. */
    public static RedisSettings load(ConfigSource c) {
        String p = "mcp.oauth.redis.";
        URI url = url(c.get(p + "url", "redis://127.0.0.1:6379"));
        String[] userInfo = url.getRawUserInfo() == null ? new String[0] : url.getUserInfo().split(":", 2);
        Optional<String> urlUser = userInfo.length == 2 && !userInfo[0].isEmpty()
                ? Optional.of(userInfo[0]) : Optional.empty();
        Optional<String> urlPassword = userInfo.length == 2 ? Optional.of(userInfo[1])
                : userInfo.length == 1 && !userInfo[0].isEmpty() ? Optional.of(userInfo[0]) : Optional.empty();
        boolean tls = c.bool(p + "tls", "rediss".equals(url.getScheme()));
        return new RedisSettings(
                url,
                c.nonBlank(p + "sentinel.master"),
                Lists.split(c.get(p + "sentinel.nodes", "")),
                c.nonBlank(p + "sentinel.password"),
                Lists.split(c.get(p + "cluster.nodes", "")),
                c.get(p + "key-prefix").map(String::trim).orElse("oauth:"),
                c.nonBlank(p + "user").or(() -> urlUser),
                c.nonBlank(p + "password").or(() -> urlPassword),
                database(url),
                tls,
                c.nonBlank(p + "tls.trust-store"),
                c.nonBlank(p + "tls.trust-store-password"),
                c.get(p + "tls.trust-store-type", "PKCS12"),
                c.nonBlank(p + "tls.key-store"),
                c.nonBlank(p + "tls.key-store-password"),
                c.get(p + "tls.key-store-type", "PKCS12"),
                c.bool(p + "tls.verify-hostname", true),
                c.integer(p + "pool-size", 32, 1, 10_000),
                Durations.parse(p + "connect-timeout", c.get(p + "connect-timeout", "2s")),
                Durations.parse(p + "timeout", c.get(p + "timeout", "2s")),
                c.integer(p + "retry.attempts", 3, 1, 100),
                Durations.parse(p + "retry.backoff-base", c.get(p + "retry.backoff-base", "50ms")),
                Durations.parse(p + "retry.backoff-cap", c.get(p + "retry.backoff-cap", "1s")),
                c.integer(p + "health.failure-threshold", 2, 1, 1_000));
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected redis://host:port or rediss://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mcp.oauth.redis.url: not a redis:// or rediss:// URL");
        }
    }

    private static int database(URI url) {
        String path = url.getPath() == null ? "" : url.getPath().replace("/", "");
        if (path.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(path);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mcp.oauth.redis.url: the path must be a database number");
        }
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "RedisSettings[" + topology() + ", " + url.getScheme() + "://" + url.getHost() + ":" + url.getPort()
                + ", prefix=" + keyPrefix + ", tls=" + tls + "]";
    }
}

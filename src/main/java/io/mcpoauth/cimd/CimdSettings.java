package io.mcpoauth.cimd;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;

import io.mcpoauth.lang.Require;
import java.time.Duration;

/**
 * Client ID Metadata Documents ({@code mcp.oauth.cimd.*}).
 *
 * @param enabled                 {@code .enabled} (default true): https client ids are resolved by fetching them
 * @param allowPrivateAddresses   {@code .allow-private-addresses} (default false): allow fetching from loopback,
 *                                private, link-local and other non-public addresses
 * @param maxBytes                {@code .max-bytes} (default 16384): the largest document accepted
 * @param timeout                 {@code .timeout} (default 5s, from 100ms to 60s): the deadline of one whole fetch,
 *                                name lookup, connection, TLS, headers and body together; nothing a server does
 *                                stretches it, and callers waiting for the same document wait no longer
 * @param minCache                {@code .cache-min} (default 1m): shortest time a fetched document, or a failure,
 *                                is kept
 * @param maxCache                {@code .cache-max} (default 24h): longest time, whatever the response says
 * @param maxConcurrentFetches    {@code .max-concurrent-fetches} (default 16): documents fetched at once; a
 *                                resolution that would start one more is refused at once with 503
 *                                {@code temporarily_unavailable}
 * @param maxConcurrentFetchesPerHost {@code .max-concurrent-fetches-per-host} (default 2): the same per host name
 * @param cacheMaxBytes           {@code .cache-max-bytes} (default 16777216): estimated memory of the cached
 *                                documents and failures; beyond it expired entries, then failures, then others
 *                                are dropped
 */
public record CimdSettings(boolean enabled, boolean allowPrivateAddresses, int maxBytes, Duration timeout,
        Duration minCache, Duration maxCache, int maxConcurrentFetches, int maxConcurrentFetchesPerHost,
        long cacheMaxBytes) {

    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(100);
    private static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);

    public CimdSettings {
        Require.nonNull("timeout, minCache, maxCache", timeout, minCache, maxCache);
    }

    public static CimdSettings load(ConfigSource c) {
        String p = "mcp.oauth.cimd.";
        return new CimdSettings(
                c.bool(p + "enabled", true),
                c.bool(p + "allow-private-addresses", false),
                c.integer(p + "max-bytes", 16_384, 256, 1_048_576),
                timeout(p + "timeout", Durations.parse(p + "timeout", c.get(p + "timeout", "5s"))),
                Durations.parse(p + "cache-min", c.get(p + "cache-min", "1m")),
                Durations.parse(p + "cache-max", c.get(p + "cache-max", "24h")),
                c.integer(p + "max-concurrent-fetches", 16, 1, 1024),
                c.integer(p + "max-concurrent-fetches-per-host", 2, 1, 1024),
                c.number(p + "cache-max-bytes", 16L * 1024 * 1024, 65_536, 1L << 30));
    }

    /** A fetch deadline that a typo cannot make zero or long enough to hold threads for minutes. */
    private static Duration timeout(String key, Duration d) {
        if (d.compareTo(SHORTEST_TIMEOUT) < 0 || d.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException(key + ": must be between 100ms and 60s, not " + d);
        }
        return d;
    }
}

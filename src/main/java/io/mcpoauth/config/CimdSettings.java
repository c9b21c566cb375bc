package io.mcpoauth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Client ID Metadata Documents ({@code mcp.oauth.cimd.*}).
 *
 * @param enabled                 {@code .enabled} (default true): https client ids are resolved by fetching them
 * @param allowPrivateAddresses   {@code .allow-private-addresses} (default false): allow fetching from loopback,
 *                                private, link-local and other non-public addresses
 * @param maxBytes                {@code .max-bytes} (default 16384): the largest document accepted
 * @param timeout                 {@code .timeout} (default 5s): connect and read limit of one fetch
 * @param minCache                {@code .cache-min} (default 1m): shortest time a fetched document is kept
 * @param maxCache                {@code .cache-max} (default 24h): longest time, whatever the response says
 */
public record CimdSettings(boolean enabled, boolean allowPrivateAddresses, int maxBytes, Duration timeout,
        Duration minCache, Duration maxCache) {

    public CimdSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(minCache, "minCache");
        Objects.requireNonNull(maxCache, "maxCache");
    }

    static CimdSettings load(ConfigSource c) {
        String p = "mcp.oauth.cimd.";
        return new CimdSettings(
                c.bool(p + "enabled", true),
                c.bool(p + "allow-private-addresses", false),
                c.integer(p + "max-bytes", 16_384, 256, 1_048_576),
                Durations.parse(p + "timeout", c.get(p + "timeout", "5s")),
                Durations.parse(p + "cache-min", c.get(p + "cache-min", "1m")),
                Durations.parse(p + "cache-max", c.get(p + "cache-max", "24h")));
    }
}

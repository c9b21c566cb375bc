package io.mcpoauth.metrics;

import io.mcpoauth.config.ConfigSource;
import java.util.Objects;

/**
 * @param token {@code mcp.oauth.metrics.token}: a bearer token that may read {@code /admin/metrics} and nothing
 *              else, for a scraper (default empty: only the admin token may). With neither configured the
 *              endpoint does not exist (404).
 */
public record MetricsSettings(String token) {

    public MetricsSettings {
        Objects.requireNonNull(token, "token");
    }

    public static MetricsSettings load(ConfigSource c) {
        return new MetricsSettings(c.get("mcp.oauth.metrics.token", ""));
    }
}

package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When users are asked to consent.
 *
 * @param mode    {@code mcp.oauth.consent}: {@code always} asks every time; {@code remember} (default) asks
 *                once per subject and client, again when a request goes beyond what was approved;
 *                {@code skip-for} remembers like {@code remember} and never asks for the clients listed in
 *                {@code mcp.oauth.consent.skip-for}
 * @param skipFor {@code mcp.oauth.consent.skip-for}: first-party clients that never ask (only with mode skip-for)
 * @param ttl     {@code mcp.oauth.consent.ttl} (default 90d): how long a remembered consent lasts
 * @param scopeDescriptions {@code mcp.oauth.scope.<scope>.description}: what the consent page says a scope
 *                allows, for the scopes in {@code mcp.oauth.scopes} that have one
 */
public record ConsentSettings(Mode mode, Set<String> skipFor, Duration ttl, Map<String, String> scopeDescriptions) {

    /** The values of {@code mcp.oauth.consent}. */
    public enum Mode { ALWAYS, REMEMBER, SKIP_FOR }

    public ConsentSettings {
        Objects.requireNonNull(mode, "mode");
        skipFor = Set.copyOf(skipFor);
        Objects.requireNonNull(ttl, "ttl");
        scopeDescriptions = Map.copyOf(scopeDescriptions);
    }

    public ConsentSettings(Mode mode, Set<String> skipFor, Duration ttl) {
        this(mode, skipFor, ttl, Map.of());
    }

    /** @param scopes the scopes of {@code mcp.oauth.scopes}, which may have a description each */
    static ConsentSettings load(ConfigSource c, List<String> scopes) {
        Mode mode = c.oneOf("mcp.oauth.consent", Mode.REMEMBER);
        Set<String> skip = new LinkedHashSet<>(Lists.split(c.get("mcp.oauth.consent.skip-for", "")));
        if ((mode == Mode.SKIP_FOR) == skip.isEmpty()) {
            throw new IllegalArgumentException(
                    "mcp.oauth.consent.skip-for lists the first-party clients, and only with mcp.oauth.consent=skip-for");
        }
        return new ConsentSettings(mode, skip,
                Durations.parse("mcp.oauth.consent.ttl", c.get("mcp.oauth.consent.ttl", "90d")), descriptions(c, scopes));
    }

    private static Map<String, String> descriptions(ConfigSource c, List<String> scopes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String scope : scopes) {
            String key = "mcp.oauth.scope." + scope + ".description";
            c.nonBlank(key).ifPresent(text -> {
                if (text.length() > 200 || text.chars().anyMatch(Character::isISOControl)) {
                    throw new IllegalArgumentException(key + " must be one line of at most 200 characters");
                }
                out.put(scope, text.strip());
            });
        }
        return out;
    }

    public boolean remembers() {
        return mode != Mode.ALWAYS;
    }
}

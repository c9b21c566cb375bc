package io.mcpoauth.config;

import java.util.Map;
import java.util.Optional;

/** Where settings come from: MicroProfile Config in the server, a map in unit tests. */
@FunctionalInterface
public interface ConfigSource {

    Optional<String> get(String key);

    static ConfigSource of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    default String get(String key, String defaultValue) {
        return get(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(defaultValue);
    }

    default Optional<String> nonBlank(String key) {
        return get(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}

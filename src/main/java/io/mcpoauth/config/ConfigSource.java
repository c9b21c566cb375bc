package io.mcpoauth.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where settings come from: MicroProfile Config in the server, a map in unit tests. The typed readers are
 * strict: a value that is not exactly a boolean or a whole number fails with a message naming the key, so a
 * typo such as {@code ture} can never quietly turn a protection off.
 */
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

    /** {@code true} or {@code false} (any case); anything else fails naming the key. */
    default boolean bool(String key, boolean defaultValue) {
        Optional<String> v = nonBlank(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": must be true or false, not " + Setting.quote(v.get()));
        };
    }

    /** A whole number in {@code [min, max]}; anything else (units, fractions, overflow) fails naming the key. */
    default long number(String key, long defaultValue, long min, long max) {
        Optional<String> v = nonBlank(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, not " + Setting.quote(v.get()));
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + ": must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    /** As {@link #number}, for an {@code int} setting. */
    default int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }
}

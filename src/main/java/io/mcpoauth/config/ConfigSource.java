package io.mcpoauth.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /**
     * One constant of an enum, written as its name in lower case with {@code -} for {@code _} (for example
     * {@code SKIP_FOR} as {@code skip-for}); anything else, other case included, fails naming the key and the
     * values it takes.
     */
    default <E extends Enum<E>> E oneOf(String key, E defaultValue) {
        Optional<String> v = nonBlank(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        E[] all = defaultValue.getDeclaringClass().getEnumConstants();
        for (E e : all) {
            if (wireName(e).equals(v.get())) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + ": must be one of " + Arrays.stream(all)
                .map(ConfigSource::wireName).collect(Collectors.joining(", "))
                + ", not " + Setting.quote(v.get()));
    }

    /** How an enum constant is written in configuration. */
    static String wireName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

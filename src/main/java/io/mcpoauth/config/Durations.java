package io.mcpoauth.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses lifetimes written as {@code 3600} (seconds), {@code 90s}, {@code 10m}, {@code 1h}, {@code 30d} or ISO-8601 {@code PT1H}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String key, String value) {
        String v = value.trim();
        Matcher m = SHORT.matcher(v);
        Duration d;
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a duration: " + value);
            }
            String unit = m.group(2) == null ? "s" : m.group(2);
            try {
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(key + ": too long: " + value);
            }
        } else {
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + ": not a duration: " + value);
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive: " + value);
        }
        return d;
    }
}

package io.mcpoauth.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** A set of scope tokens (RFC 6749 3.3): space-delimited, each token of NQCHAR without spaces. */
public record Scope(Set<String> values) {

    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    public static final Scope EMPTY = new Scope(Set.of());

    public Scope {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        for (String v : values) {
            if (!TOKEN.matcher(v).matches()) {
                throw OAuthException.invalidScope("malformed scope token");
            }
        }
    }

    /** Parses a space-delimited scope string; null or blank gives {@link #EMPTY}. */
    public static Scope parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return EMPTY;
        }
        // Split on runs of spaces by hand: String.split(" +") compiles a regular expression on every call, and
        // this runs on every grant.
        String trimmed = raw.trim();
        Set<String> out = new LinkedHashSet<>();
        int start = -1;
        for (int i = 0; i <= trimmed.length(); i++) {
            boolean space = i == trimmed.length() || trimmed.charAt(i) == ' ';
            if (space && start >= 0) {
                out.add(trimmed.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return new Scope(out);
    }

    public static Scope of(String... values) {
        return new Scope(new LinkedHashSet<>(Arrays.asList(values)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean containsAll(Scope other) {
        return values.containsAll(other.values);
    }

    @Override
    public String toString() {
        return String.join(" ", values);
    }
}

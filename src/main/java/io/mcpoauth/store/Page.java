package io.mcpoauth.store;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing, in a stable order (ascending by its key: client id, grant id). {@code next} is the
 * exclusive cursor for the following page, null when nothing follows; a page holds at most the limit asked for.
 */
public record Page<T>(List<T> items, String next) {

    /** The largest page a store returns; a caller asking for more gets this many. */
    public static final int MAX_LIMIT = 1000;

    public Page {
        items = List.copyOf(items);
    }

    /** The limit a store applies: at least one, at most {@link #MAX_LIMIT}. */
    public static int limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return Math.min(limit, MAX_LIMIT);
    }

    /**
     * The page of the first {@code limit} of {@code candidates} (in order, one more than the limit when more
     * follow), with a cursor from the last one kept when more follow.
     */
    public static <T> Page<T> of(List<T> candidates, int limit, java.util.function.Function<T, String> key) {
        Objects.requireNonNull(key, "key");
        if (candidates.size() <= limit) {
            return new Page<>(candidates, null);
        }
        List<T> kept = candidates.subList(0, limit);
        return new Page<>(kept, key.apply(kept.get(limit - 1)));
    }
}

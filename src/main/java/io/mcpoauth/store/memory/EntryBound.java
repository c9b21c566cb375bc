package io.mcpoauth.store.memory;

import io.mcpoauth.store.StorageUnavailableException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * The one count of entries shared by every in-memory map, and its bound. A slot is reserved before an entry
 * is added and released when one is removed, so once no call is in flight the count equals the number of
 * entries held; while calls are in flight it may only be higher, never lower, so the bound always holds.
 *
 * <p>{@link #reserve} may sweep every map, so it must never be called inside a {@code compute} on one.
 */
final class EntryBound {

    private final long max;
    private final ToLongFunction<Instant> purgeExpired;
    private final AtomicLong count = new AtomicLong();

    EntryBound(long max, ToLongFunction<Instant> purgeExpired) {
        if (max < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + max);
        }
        this.max = max;
        this.purgeExpired = Objects.requireNonNull(purgeExpired, "purgeExpired");
    }

    long count() {
        return count.get();
    }

    long max() {
        return max;
    }

    /**
     * Takes a slot for a new entry; when full, purges the entries expired at {@code now} (the caller's time, so
     * nothing the caller thinks live is purged) once and tries again.
     */
    void reserve(Instant now) {
        if (tryReserve()) {
            return;
        }
        purgeExpired.applyAsLong(now);
        if (!tryReserve()) {
            throw new StorageUnavailableException("in-memory storage is full");
        }
    }

    private boolean tryReserve() {
        return count.getAndUpdate(n -> n < max ? n + 1 : n) < max;
    }

    /** Gives back the slot of an entry that was removed, or of a reservation that was not used. */
    void release() {
        count.decrementAndGet();
    }

    /** Puts the value; a slot is taken only when the key is new, so replacing works even when full. */
    <K, V> void put(ConcurrentMap<K, V> map, K key, V value, Instant now) {
        if (map.replace(key, value) != null) {
            return;
        }
        reserve(now);
        if (map.put(key, value) != null) {
            release();
        }
    }

    /** Removes the key, releasing its slot. @return the removed value, or null */
    <K, V> V remove(ConcurrentMap<K, V> map, K key) {
        V removed = map.remove(key);
        if (removed != null) {
            release();
        }
        return removed;
    }

    /** Removes the key only while it still maps to the value (so a concurrent update wins). */
    <K, V> boolean remove(ConcurrentMap<K, V> map, K key, V value) {
        if (map.remove(key, value)) {
            release();
            return true;
        }
        return false;
    }

    /** Removes every entry the predicate calls dead. @return entries removed */
    <K, V> long removeIf(ConcurrentMap<K, V> map, BiPredicate<K, V> dead) {
        long removed = 0;
        for (Map.Entry<K, V> e : map.entrySet()) {
            if (dead.test(e.getKey(), e.getValue()) && remove(map, e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }
}

package io.mcpoauth.cimd;

import io.mcpoauth.store.ClientRecord;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Resolved documents and failures by URL, until a time each. Bounded in entries and in estimated bytes (the
 * URL, the document that made the client, a fixed overhead), so that long URLs or large documents cannot fill
 * the heap: past either bound, expired entries go first, then failures, then any, until a quarter is free.
 * Reads take no lock; writes, which follow fetches and are few, take one.
 */
final class DocumentCache {

    static final int MAX_ENTRIES = 10_000;
    private static final long OVERHEAD = 512;

    /** A resolution: the client, or {@code null} for a failure; kept until {@code until}. */
    record Entry(ClientRecord client, Instant until, long bytes) {
        boolean failed() {
            return client == null;
        }
    }

    private final long maxBytes;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private long bytes;

    DocumentCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static Entry success(String url, ClientRecord client, int documentBytes, Instant until) {
        // Strings built from the document take at most two bytes per byte of it.
        return new Entry(client, until, OVERHEAD + 2L * url.length() + 2L * documentBytes);
    }

    static Entry failure(String url, Instant until) {
        return new Entry(null, until, OVERHEAD + 2L * url.length());
    }

    /** The entry for {@code url} if it is still valid at {@code now}. */
    Entry get(String url, Instant now) {
        Entry e = entries.get(url);
        if (e == null) {
            return null;
        }
        if (!now.isBefore(e.until())) {
            synchronized (this) {
                if (entries.remove(url, e)) {
                    bytes -= e.bytes();
                }
            }
            return null;
        }
        return e;
    }

    synchronized void put(String url, Entry e, Instant now) {
        Entry previous = entries.put(url, e);
        bytes += e.bytes() - (previous == null ? 0 : previous.bytes());
        if (bytes > maxBytes || entries.size() > MAX_ENTRIES) {
            long byteTarget = maxBytes - maxBytes / 4;
            int entryTarget = MAX_ENTRIES - MAX_ENTRIES / 4;
            for (Predicate<Entry> victim : List.<Predicate<Entry>>of(
                    x -> !now.isBefore(x.until()), Entry::failed, x -> true)) {
                Iterator<Entry> it = entries.values().iterator();
                while ((bytes > byteTarget || entries.size() > entryTarget) && it.hasNext()) {
                    Entry x = it.next();
                    if (victim.test(x)) {
                        it.remove();
                        bytes -= x.bytes();
                    }
                }
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    int size() {
        return entries.size();
    }
}

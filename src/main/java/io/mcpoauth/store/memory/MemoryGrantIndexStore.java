package io.mcpoauth.store.memory;

import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The grant index in a {@link ConcurrentHashMap} by grant id, with two sorted sets of (owner, grant id), one by
 * subject and one by client, for the listings. The sorted sets are changed only inside the map's per-key
 * {@code compute}, so they never name a grant the map does not hold, and {@link #remove} decides inside one: of
 * any number of callers removing the same grant, exactly one gets it. A grant takes one slot of the entry bound,
 * its two index entries included, until it is removed or purged after its expiry.
 */
final class MemoryGrantIndexStore implements GrantIndexStore {

    /** One entry of a sorted index: the grant's subject or client, then its id. */
    private record Owned(String owner, String grantId) implements Comparable<Owned> {
        @Override
        public int compareTo(Owned o) {
            int c = owner.compareTo(o.owner);
            return c != 0 ? c : grantId.compareTo(o.grantId);
        }
    }

    private final ConcurrentMap<String, GrantSummary> grants = new ConcurrentHashMap<>();
    private final NavigableSet<Owned> bySubject = new ConcurrentSkipListSet<>();
    private final NavigableSet<Owned> byClient = new ConcurrentSkipListSet<>();
    private final EntryBound bound;

    MemoryGrantIndexStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void record(GrantSummary grant, Instant now) {
        Objects.requireNonNull(grant, "grant");
        if (grant.isExpired(now)) {
            drop(grant.grantId());
            return;
        }
        // A replacement takes no slot, so that a refresh works even when the store is full.
        if (grants.computeIfPresent(grant.grantId(), (id, old) -> reindexed(old, grant)) != null) {
            return;
        }
        // The slot is taken outside compute (a full bound may sweep every map) and given back unless a new key took it.
        bound.reserve(now);
        boolean[] added = {false};
        grants.compute(grant.grantId(), (id, old) -> {
            added[0] = old == null;
            return reindexed(old, grant);
        });
        if (!added[0]) {
            bound.release();
        }
    }

    private GrantSummary reindexed(GrantSummary old, GrantSummary grant) {
        if (old != null) {
            unindex(old);
        }
        bySubject.add(new Owned(grant.subject(), grant.grantId()));
        byClient.add(new Owned(grant.clientId(), grant.grantId()));
        return grant;
    }

    private GrantSummary unindex(GrantSummary grant) {
        bySubject.remove(new Owned(grant.subject(), grant.grantId()));
        byClient.remove(new Owned(grant.clientId(), grant.grantId()));
        return null;
    }

    @Override
    public Optional<GrantSummary> find(String grantId, Instant now) {
        GrantSummary grant = grants.get(grantId);
        return grant == null || grant.isExpired(now) ? Optional.empty() : Optional.of(grant);
    }

    @Override
    public Page<GrantSummary> bySubject(String subject, String after, int limit, Instant now) {
        return page(bySubject, Objects.requireNonNull(subject, "subject"), after, limit, now);
    }

    @Override
    public Page<GrantSummary> byClient(String clientId, String after, int limit, Instant now) {
        return page(byClient, Objects.requireNonNull(clientId, "clientId"), after, limit, now);
    }

    /** Walks the owner's part of the sorted index from the cursor, skipping grants expired at now. */
    private Page<GrantSummary> page(NavigableSet<Owned> index, String owner, String after, int limit, Instant now) {
        int n = Page.limit(limit);
        List<GrantSummary> found = new ArrayList<>();
        Owned from = new Owned(owner, after == null ? "" : after);
        for (Owned entry : index.tailSet(from, after == null)) {
            if (!entry.owner().equals(owner) || found.size() > n) {
                break;
            }
            GrantSummary grant = grants.get(entry.grantId());
            if (grant != null && !grant.isExpired(now)) {
                found.add(grant);
            }
        }
        return Page.of(found, n, GrantSummary::grantId);
    }

    @Override
    public boolean remove(String grantId, Instant now) {
        GrantSummary removed = drop(grantId);
        return removed != null && !removed.isExpired(now);
    }

    private GrantSummary drop(String grantId) {
        GrantSummary[] removed = {null};
        grants.computeIfPresent(grantId, (id, grant) -> {
            removed[0] = grant;
            return unindex(grant);
        });
        if (removed[0] != null) {
            bound.release();
        }
        return removed[0];
    }

    @Override
    public long count(Instant now) {
        return grants.values().stream().filter(g -> !g.isExpired(now)).count();
    }

    int size() {
        return grants.size();
    }

    long purgeExpired(Instant now) {
        long removed = 0;
        for (String grantId : grants.keySet()) {
            boolean[] dead = {false};
            grants.computeIfPresent(grantId, (id, grant) -> {
                dead[0] = grant.isExpired(now);
                return dead[0] ? unindex(grant) : grant;
            });
            if (dead[0]) {
                bound.release();
                removed++;
            }
        }
        return removed;
    }
}

package io.mcpoauth.store.memory;

import io.mcpoauth.store.ClientQuery;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Registered clients in a {@link ConcurrentHashMap}. A client with an expiry holds its slot of the entry
 * bound until it is purged after that time; one without holds it until it is deleted. When two callers delete the same client, exactly one gets true.
 */
public final class MemoryClientStore implements ClientStore {

    private final ConcurrentMap<String, ClientRecord> clients = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryClientStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void save(ClientRecord client, Instant now) {
        if (client.isExpired(now)) {
            bound.remove(clients, client.clientId());
            return;
        }
        bound.put(clients, client.clientId(), client, now);
    }

    @Override
    public Optional<ClientRecord> find(String clientId, Instant now) {
        ClientRecord client = clients.get(clientId);
        return client == null || client.isExpired(now) ? Optional.empty() : Optional.of(client);
    }

    @Override
    public boolean delete(String clientId, Instant now) {
        ClientRecord removed = bound.remove(clients, clientId);
        return removed != null && !removed.isExpired(now);
    }

    /** Walks the whole map (it keeps no order) and keeps the smallest ids after the cursor. */
    @Override
    public Page<ClientRecord> list(ClientQuery query, String after, int limit, Instant now) {
        Objects.requireNonNull(query, "query");
        int n = Page.limit(limit);
        Smallest<ClientRecord> first = new Smallest<>(n + 1, ClientRecord::clientId);
        for (ClientRecord client : clients.values()) {
            if (!client.isExpired(now) && (after == null || client.clientId().compareTo(after) > 0)
                    && query.matches(client)) {
                first.offer(client);
            }
        }
        return Page.of(first.sorted(), n, ClientRecord::clientId);
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(clients, (id, client) -> client.isExpired(now));
    }

    @Override
    public long count(Instant now) {
        return clients.values().stream().filter(c -> !c.isExpired(now)).count();
    }

    int size() {
        return clients.size();
    }

    /** Iterates the map (weakly consistent: no copy, no lock). */
    @Override
    public void forEach(Instant now, Consumer<? super ClientRecord> action) {
        clients.values().stream().filter(c -> !c.isExpired(now)).forEach(action);
    }
}

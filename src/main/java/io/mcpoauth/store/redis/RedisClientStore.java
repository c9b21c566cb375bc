package io.mcpoauth.store.redis;

import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import io.mcpoauth.store.ClientQuery;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Registered clients: one key each, plus a sorted set of their ids scored by expiry that {@link #count} reads
 * and {@link #forEach} walks with {@code ZSCAN} (no {@code KEYS}, no {@code SCAN}), and a sorted set of their ids
 * all scored 0 that {@link #list} reads in id order. Clients saved by an earlier release are in the first set
 * only: the listing script copies them into the second, atomically, whenever it holds fewer ids than the first
 * (once after an upgrade; again if instances of the earlier release register clients during a rolling upgrade). The keys and the set share
 * the {@code clients} hash tag, so the scripts that keep them in step touch one cluster slot. A client with an
 * expiry gets a TTL; saving it again without one keeps it for good.
 */
final class RedisClientStore extends RedisStore implements ClientStore {


    /** Ids read per script run of a listing, at least one more than the page. */
    private static final int LIST_STRETCH = 200;

    RedisClientStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void save(ClientRecord client, Instant now) {
        String expiry = "";
        String ttl = "";
        if (client.expiresAt() != null) {
            long millis = Ttl.until(client.expiresAt(), now);
            if (millis <= 0) {
                delete(client.clientId(), now);
                return;
            }
            expiry = Long.toString(client.expiresAt().toEpochMilli());
            ttl = Long.toString(millis);
        }
        redis.eval(Script.SAVE_CLIENT, List.of(keys.client(client.clientId()), keys.clientIndex(), keys.clientIds()),
                List.of(RecordCodec.write(client), client.clientId(), expiry, ttl), true);
    }

    @Override
    public Optional<ClientRecord> find(String clientId, Instant now) {
        String value = redis.call("find client", true, j -> j.get(keys.client(clientId)));
        return value == null ? Optional.empty() : live(RecordCodec.readClient(value), now);
    }

    private static Optional<ClientRecord> live(ClientRecord client, Instant now) {
        return client.isExpired(now) ? Optional.empty() : Optional.of(client);
    }

    /**
     * One script run: of two callers deleting the same client at once, exactly one removes it; it gets true when
     * the client was live at {@code now}.
     */
    @Override
    public boolean delete(String clientId, Instant now) {
        Object removed = redis.eval(Script.DELETE_CLIENT, List.of(keys.client(clientId), keys.clientIndex(), keys.clientIds()),
                List.of(clientId), false);
        return removed instanceof String value && live(RecordCodec.readClient(value), now).isPresent();
    }

    /** {@code ZSCAN} of the index, a batch at a time, then each client's key; the index is in one slot. */
    @Override
    public void forEach(Instant now, Consumer<? super ClientRecord> action) {
        ScanParams batch = new ScanParams().count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String from = cursor;
            ScanResult<Tuple> page = redis.call("export clients", true, j -> j.zscan(keys.clientIndex(), from, batch));
            for (Tuple entry : page.getResult()) {
                find(entry.getElement(), now).ifPresent(action);
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    /**
     * Stretches of the id index ({@code page-clients.lua}, one slot), filtered here, until the page is full or the
     * index ends; a filter that matches few clients reads on through the index.
     */
    @Override
    public Page<ClientRecord> list(ClientQuery query, String after, int limit, Instant now) {
        Objects.requireNonNull(query, "query");
        int n = Page.limit(limit);
        int stretch = Math.max(n + 1, LIST_STRETCH);
        List<ClientRecord> found = new ArrayList<>();
        String from = after;
        while (found.size() <= n) {
            List<?> reply = (List<?>) redis.eval(Script.PAGE_CLIENTS, List.of(keys.clientIndex(), keys.clientIds()),
                    List.of(Long.toString(now.toEpochMilli()), from == null ? "-" : "(" + from,
                            Integer.toString(stretch), keys.clientPrefix()), true);
            long read = (Long) reply.get(0);
            from = (String) reply.get(1);
            for (int i = 2; i + 1 < reply.size() && found.size() <= n; i += 2) {
                ClientRecord client = RecordCodec.readClient((String) reply.get(i + 1));
                if (!client.isExpired(now) && query.matches(client)) {
                    found.add(client);
                }
            }
            if (read < stretch) {
                break;
            }
        }
        return Page.of(found, n, ClientRecord::clientId);
    }

    @Override
    public long count(Instant now) {
        return (Long) redis.eval(Script.COUNT_CLIENTS, List.of(keys.clientIndex(), keys.clientIds()),
                List.of(Long.toString(now.toEpochMilli())), true);
    }
}

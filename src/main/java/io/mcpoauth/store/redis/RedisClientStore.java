package io.mcpoauth.store.redis;

import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/**
 * Registered clients: one key each, plus a sorted set of their ids scored by expiry that {@link #count} reads
 * and {@link #forEach} walks with {@code ZSCAN} (no {@code KEYS}, no {@code SCAN}). The keys and the set share
 * the {@code clients} hash tag, so the scripts that keep them in step touch one cluster slot. A client with an
 * expiry gets a TTL; saving it again without one keeps it for good.
 */
final class RedisClientStore extends RedisStore implements ClientStore {


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
        redis.eval(Script.SAVE_CLIENT, List.of(keys.client(client.clientId()), keys.clientIndex()),
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
        Object removed = redis.eval(Script.DELETE_CLIENT, List.of(keys.client(clientId), keys.clientIndex()),
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

    /** Clients not expired at {@code now}. */
    @Override
    public io.mcpoauth.store.Page<ClientRecord> list(io.mcpoauth.store.ClientQuery query, String after, int limit,
            Instant now) {
        throw new UnsupportedOperationException("client listing");
    }

    @Override
    public long count(Instant now) {
        return (Long) redis.eval(Script.COUNT_CLIENTS, List.of(keys.clientIndex()),
                List.of(Long.toString(now.toEpochMilli())), true);
    }
}

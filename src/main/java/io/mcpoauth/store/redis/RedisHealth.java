package io.mcpoauth.store.redis;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.StorageHealth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The readiness check: {@code PING}, then a write and a read back of a key of this instance, timed. A slow
 * reply is reported (the latency figure) but never fails readiness; a reply that does not come at all within
 * the timeout fails it only after {@code failureThreshold} such checks in a row, so one slow moment under load
 * does not take the instance out of rotation. A refused or lost connection fails it at once.
 */
final class RedisHealth {

    private final RedisExecutor redis;
    private final String key;
    private final int failureThreshold;
    private final Map<String, Object> fixed;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    RedisHealth(RedisExecutor redis, Keys keys, int failureThreshold, String topology) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.key = keys.health(Tokens.newId());
        this.failureThreshold = failureThreshold;
        this.fixed = Map.of("topology", topology, "keyPrefix", keys.prefix());
    }

    StorageHealth check() {
        Map<String, Object> data = new LinkedHashMap<>(fixed);
        String nonce = Tokens.newId();
        long start = System.nanoTime();
        try {
            String read = redis.once(j -> {
                j.ping();
                j.set(key, nonce, SetParams.setParams().px(60_000));
                return j.get(key);
            });
            long micros = (System.nanoTime() - start) / 1000;
            data.put("latencyMs", micros / 1000);
            data.put("latencyMicros", micros);
            if (!nonce.equals(read)) {
                data.put("error", "the value read back differs from the value written");
                return new StorageHealth(false, data);
            }
            consecutiveFailures.set(0);
            return new StorageHealth(true, data);
        } catch (JedisException e) {
            int failures = consecutiveFailures.incrementAndGet();
            boolean timedOut = Failures.timedOut(e);
            data.put("latencyMs", (System.nanoTime() - start) / 1_000_000);
            data.put("consecutiveFailures", (long) failures);
            data.put("error", timedOut ? "timeout" : e.getClass().getSimpleName());
            return new StorageHealth(timedOut && failures < failureThreshold, data);
        }
    }
}

package io.mcpoauth.store.redis;

import io.mcpoauth.store.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * Runs every Redis operation: retries with exponential backoff and a cap, runs scripts by SHA-1 and loads them
 * on {@code NOSCRIPT}, and turns every Redis failure into {@link StorageUnavailableException} (answered 503),
 * never into a false "not found".
 *
 * <p>A failed operation is tried again only when that cannot apply it twice: always when it is idempotent
 * (reads, plain writes of one value), otherwise only when it certainly did not run (see {@link Failures}). A
 * single-use operation whose reply was lost is not repeated, because the repeat would see its own effect and
 * report a replay; the caller gets 503 and the client may retry with a fresh request.
 *
 * <p>There is no "disconnected" state: every call tries Redis, so the service recovers as soon as Redis
 * answers again. Only building the client (which, for Sentinel and Cluster, must reach a node) is spaced out
 * after a failure.
 */
final class RedisExecutor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisExecutor.class.getName());
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long RECONNECT_PAUSE_NANOS = Duration.ofSeconds(1).toNanos();
    /** The {@code COUNT} hint of a {@code SCAN}: keys looked at per round trip. */
    private static final int SCAN_BATCH = 500;

    private final Supplier<UnifiedJedis> connect;
    private final int attempts;
    private final long baseMillis;
    private final long capMillis;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Object lock = new Object();
    private volatile UnifiedJedis client;
    private long nextConnect = System.nanoTime();
    private boolean closed;

    RedisExecutor(RedisSettings settings) {
        this(() -> RedisConnector.connect(settings), settings.retryAttempts(), settings.retryBackoffBase(),
                settings.retryBackoffCap());
    }

    RedisExecutor(Supplier<UnifiedJedis> connect, int attempts, Duration base, Duration cap) {
        this.connect = Objects.requireNonNull(connect, "connect");
        this.attempts = attempts;
        this.baseMillis = Math.max(1, base.toMillis());
        this.capMillis = Math.max(baseMillis, cap.toMillis());
    }

    /** Runs an operation, with retries as the class describes. */
    <T> T call(String what, boolean idempotent, Function<UnifiedJedis, T> op) {
        for (int attempt = 1; ; attempt++) {
            try {
                return op.apply(client());
            } catch (JedisException e) {
                dropIdleAfter(e);
                if (attempt >= attempts || !(idempotent || Failures.notExecuted(e))) {
                    throw unavailable(what, e);
                }
                pause(what, backoffMillis(attempt), e);
            }
        }
    }

    /** Runs a script by SHA-1; on {@code NOSCRIPT} (nothing ran) loads it on the keys' node and runs it again. */
    /**
     * {@code SET key value PX ttl}, the time to live counted from {@code now} to {@code expiresAt} (never from
     * Redis's clock); nothing is written for a record already expired at {@code now}. Retried like a read: a
     * write of a unique key applied twice leaves what one leaves.
     *
     * @param onlyIfAbsent {@code NX}: a value already stored under the key is kept
     */
    void put(String what, String key, String value, Instant expiresAt, Instant now, boolean onlyIfAbsent) {
        long ttl = Ttl.until(expiresAt, now);
        if (ttl <= 0) {
            return;
        }
        SetParams params = onlyIfAbsent ? SetParams.setParams().nx().px(ttl) : SetParams.setParams().px(ttl);
        call(what, true, j -> j.set(key, value, params));
    }

    Object eval(Script script, List<String> keys, List<String> args, boolean idempotent) {
        return call(script.name(), idempotent, jedis -> {
            try {
                return jedis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                LOG.fine(() -> "loading script " + script.name() + " after NOSCRIPT");
                jedis.scriptLoad(script.source(), keys.get(0));
                return jedis.evalsha(script.sha1(), keys, args);
            }
        });
    }

    /** One script run of a {@link #batch}. */
    record Eval(Script script, List<String> keys, List<String> args) {
    }

    /**
     * Sends commands and script runs together, in one round trip per node ({@code first}, then the runs), and
     * returns each run's reply in order. A run that met {@code NOSCRIPT} (nothing ran) is loaded and run again on
     * its own. Retried as {@link #call} retries: only batches whose every command may be applied twice are
     * {@code idempotent}.
     */
    List<Object> batch(String what, boolean idempotent, Consumer<AbstractPipeline> first, List<Eval> evals) {
        return call(what, idempotent, jedis -> {
            List<Response<Object>> replies = new ArrayList<>(evals.size());
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                first.accept(pipeline);
                for (Eval e : evals) {
                    replies.add(pipeline.evalsha(e.script().sha1(), e.keys(), e.args()));
                }
                pipeline.sync();
            }
            List<Object> out = new ArrayList<>(evals.size());
            for (int i = 0; i < evals.size(); i++) {
                Eval e = evals.get(i);
                try {
                    out.add(replies.get(i).get());
                } catch (JedisNoScriptException missing) {
                    LOG.fine(() -> "loading script " + e.script().name() + " after NOSCRIPT");
                    jedis.scriptLoad(e.script().source(), e.keys().get(0));
                    out.add(jedis.evalsha(e.script().sha1(), e.keys(), e.args()));
                }
            }
            return out;
        });
    }

    /**
     * Every key matching the pattern, a batch at a time, with {@code SCAN} (never {@code KEYS}): on a cluster,
     * on every node in turn. As {@code SCAN} promises, a key present for the whole scan is given at least once,
     * and may be given twice. A batch that fails is tried again like a read.
     */
    void scan(String what, String pattern, Consumer<Collection<String>> batch) {
        ScanIteration keys = call(what, true, jedis -> jedis.scanIteration(SCAN_BATCH, pattern));
        while (!keys.isIterationCompleted()) {
            Collection<String> page = call(what, true, jedis -> keys.nextBatchList());
            if (!page.isEmpty()) {
                batch.accept(page);
            }
        }
    }

    /**
     * Every key matching the pattern with its value, read one by one (keys of a scan may live in different
     * cluster slots); a key that expired between the scan and the read is passed over.
     */
    void scanValues(String what, String pattern, BiConsumer<String, String> keyAndValue) {
        scan(what, pattern, batch -> {
            for (String key : batch) {
                String value = call(what, true, jedis -> jedis.get(key));
                if (value != null) {
                    keyAndValue.accept(key, value);
                }
            }
        });
    }

    /** One try with no retry and the raw Jedis failure, for the readiness check to judge. */
    <T> T once(Function<UnifiedJedis, T> op) {
        try {
            return op.apply(client());
        } catch (JedisException e) {
            dropIdleAfter(e);
            throw e;
        }
    }

    /**
     * After a connection failure the idle pooled connections most likely died the same way (Redis restarted or
     * failed over): they are dropped, so that the next calls open fresh ones instead of each failing once on a
     * dead socket. The pool also tests idle connections in the background.
     */
    private void dropIdleAfter(JedisException e) {
        UnifiedJedis c = client;
        if (!(e instanceof JedisConnectionException) || c == null) {
            return;
        }
        try {
            if (c instanceof RedisClient standalone) {
                standalone.getPool().clear();
            } else if (c instanceof RedisSentinelClient sentinel) {
                sentinel.getPrimaryNodesConnectionMap().values().forEach(pool -> pool.clear());
            } else if (c instanceof RedisClusterClient cluster) {
                cluster.getClusterNodes().values().forEach(pool -> pool.clear());
            }
        } catch (RuntimeException ignored) {
            // Best effort: the background test of idle connections drops them later.
        }
    }

    /** Loads the scripts ahead of their first use; failures are harmless, {@code NOSCRIPT} loads them later. */
    void preload(List<Script> scripts) {
        try {
            UnifiedJedis jedis = client();
            for (Script s : scripts) {
                jedis.scriptLoad(s.source());
            }
        } catch (JedisException | UnsupportedOperationException e) {
            LOG.fine(() -> "scripts not preloaded: " + e);
        }
    }

    /** {@code min(cap, base * 2^(attempt-1))}, of which the upper half is random, so instances do not retry in step. */
    long backoffMillis(int attempt) {
        long exponential = baseMillis << Math.min(attempt - 1, 30);
        long delay = Math.min(capMillis, exponential);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    private UnifiedJedis client() {
        UnifiedJedis c = client;
        if (c != null) {
            return c;
        }
        synchronized (lock) {
            if (closed) {
                throw new Failures.NotConnectedException("the Redis client is closed", null);
            }
            if (client == null) {
                if (System.nanoTime() - nextConnect < 0) {
                    throw new Failures.NotConnectedException("Redis was unreachable moments ago", null);
                }
                try {
                    client = connect.get();
                } catch (JedisException e) {
                    nextConnect = System.nanoTime() + RECONNECT_PAUSE_NANOS;
                    throw new Failures.NotConnectedException("cannot reach Redis", e);
                }
            }
            return client;
        }
    }

    private void pause(String what, long millis, JedisException cause) {
        LOG.fine(() -> "Redis " + what + " failed, retrying in " + millis + " ms: " + cause);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, cause);
        }
    }

    private StorageUnavailableException unavailable(String what, JedisException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        boolean warn = now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now);
        LOG.log(warn ? Level.WARNING : Level.FINE, () -> "Redis " + what + " failed: " + Failures.describe(e));
        return new StorageUnavailableException("storage is temporarily unavailable", e);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /** True once a client exists (for the readiness figures). */
    boolean connected() {
        return client != null;
    }
}

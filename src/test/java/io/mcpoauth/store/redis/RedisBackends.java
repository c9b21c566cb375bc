package io.mcpoauth.store.redis;

import io.mcpoauth.ratelimit.RateLimiterContract;
import io.mcpoauth.ratelimit.ReconcilingRateLimiter;
import io.mcpoauth.store.Backend;
import io.mcpoauth.store.Backend.Server;
import io.mcpoauth.store.Backend.Space;
import java.time.Duration;
import java.util.function.Function;

/**
 * The Redis topologies the contract suites run on: the shared Redis under a key prefix per namespace, whose keys
 * are deleted at the end; a one-node Cluster and a Sentinel pair of the suite's own, stopped at the end. The rate
 * limiter is the storage's; {@link #reconciling} also wraps it as the producer does.
 */
public final class RedisBackends {

    private RedisBackends() {
    }

    /** The shared Redis ({@link RedisTests#URL}). */
    public static Backend standalone() {
        return redis("redis", RedisTests::storage, true);
    }

    /**
     * The shared Redis with the rate limiter the producer builds on it: decided locally and reconciled, its view
     * fresh at the time the rate-limiter contract runs at.
     */
    public static Backend reconciling() {
        return redis("redis-reconciling", RedisTests::storage, true).limitingWith(storage -> {
            ReconcilingRateLimiter limiter = new ReconcilingRateLimiter(((RedisStorage) storage).rateLimiter(),
                    Duration.ofMillis(500));
            limiter.reconcile(RateLimiterContract.NOW);
            return limiter;
        });
    }

    /** A one-node Redis Cluster: every script and multi-key command must keep its keys in one slot. */
    public static Backend cluster() {
        return redis("redis-cluster", ClusterNode::storage, false)
                .on(new Server(ClusterNode::start, ClusterNode::stop));
    }

    /** A master found through a Sentinel, which the client asks before keeping every promise there. */
    public static Backend sentinel() {
        return redis("redis-sentinel", SentinelPair::storage, false)
                .on(new Server(SentinelPair::start, SentinelPair::stop));
    }

    private static Backend redis(String name, Function<String, RedisStorage> open, boolean deleteKeys) {
        return Backend.of(name, () -> {
            String prefix = RedisTests.newPrefix();
            return Space.of(() -> open.apply(prefix), () -> {
                if (deleteKeys) {
                    RedisTests.deleteAll(prefix);
                }
            });
        }).limitingWith(storage -> ((RedisStorage) storage).rateLimiter());
    }
}

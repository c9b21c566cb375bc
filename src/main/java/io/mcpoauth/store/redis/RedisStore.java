package io.mcpoauth.store.redis;

import java.util.Objects;

/** What every Redis store holds: the executor its calls go through, and the names of its keys. */
abstract class RedisStore {

    final RedisExecutor redis;
    final Keys keys;

    RedisStore(RedisExecutor redis, Keys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
    }
}

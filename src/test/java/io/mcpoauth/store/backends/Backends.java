package io.mcpoauth.store.backends;

import io.mcpoauth.store.Backend;
import io.mcpoauth.store.Backend.Space;
import io.mcpoauth.store.jdbc.TestDatabase;
import io.mcpoauth.store.memory.MemoryStorage;
import io.mcpoauth.store.redis.RedisBackends;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The backends the contract suites run against, a fresh {@link Backend} per suite: in memory, the shared Redis, a
 * Redis Cluster, a Redis Sentinel, H2 and Derby in memory (the default databases of Payara and Open Liberty) and
 * the real PostgreSQL. A service that does not answer fails the suite; it is never skipped. JUnit shows a suite's
 * runs by backend name; Surefire's XML names them by position in these lists ({@code TokenStoreContract[3]} is
 * the Redis Cluster).
 */
public final class Backends {

    private Backends() {
    }

    /** Every backend. */
    public static Stream<Backend> all() {
        return Stream.of(memory(), RedisBackends.standalone(), RedisBackends.cluster(), RedisBackends.sentinel(),
                jdbc("h2", TestDatabase::h2), jdbc("derby", TestDatabase::derby),
                jdbc("postgresql", TestDatabase::postgres));
    }

    /** The backends whose rate limiters differ: in memory (which JDBC storage uses too) and each Redis topology. */
    public static Stream<Backend> rateLimiters() {
        return Stream.of(memory(), RedisBackends.standalone(), RedisBackends.cluster(), RedisBackends.sentinel());
    }

    private static Backend memory() {
        return Backend.of("memory", () -> () -> new MemoryStorage(100_000));
    }

    /** One database (and table prefix) per namespace, its tables dropped at the end. */
    private static Backend jdbc(String name, Supplier<TestDatabase> databases) {
        return Backend.of(name, () -> {
            TestDatabase db = databases.get();
            return Space.of(db::newStorage, db::drop);
        });
    }
}

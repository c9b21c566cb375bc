package io.mcpoauth.it;

/**
 * {@link StorageOutageTests} on Redis, taken away as a crash would.
 *
 * <p>The test starts a Redis of its own on port 6390, persisting with an append-only file fsync'ed on every
 * write ({@code appendfsync always}), and a server on it (port 8282), and kills Redis with SIGKILL: the port is
 * then closed. Then the same Redis is started again on the same data directory. With {@code appendfsync always}
 * no acknowledged write is lost by the kill, so "no lost tokens" is an honest claim here: the server must recover
 * by itself (readiness UP again, no restart of the server). With {@code everysec} up to one second of writes
 * could be lost by such a crash; see docs/redis.md.
 */
class RedisFaultIT extends StorageOutageTests {

    private static final int REDIS_PORT = 6390;

    private RedisServer redis;

    RedisFaultIT() {
        super(8282);
    }

    @Override
    PayaraProcess start(int port, String issuer) throws Exception {
        redis = RedisServer.fresh(REDIS_PORT);
        return PayaraProcess.start(port, StorageServers.redis(issuer, redis.url(), "oauth:"));
    }

    @Override
    void takeStoreAway() throws Exception {
        redis.kill();
    }

    @Override
    void bringStoreBack() throws Exception {
        redis.start();
    }

    @Override
    void stopStore() throws Exception {
        Stop.all(redis);
    }

    @Override
    String readyDetail() {
        return "latencyMs";
    }
}

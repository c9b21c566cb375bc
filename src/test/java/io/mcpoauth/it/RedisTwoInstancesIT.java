package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * {@link TwoInstancesTests} on Redis: two server instances (ports 8181 and 8282) on one Redis (127.0.0.1:6379,
 * under a key prefix of this run).
 */
class RedisTwoInstancesIT extends TwoInstancesTests {

    private final String prefix = "it:" + Long.toHexString(System.nanoTime()) + ":";

    RedisTwoInstancesIT() {
        super(8181, 8282);
    }

    @Override
    PayaraProcess start(int port) throws Exception {
        return PayaraProcess.start(port,
                StorageServers.withAdmin(StorageServers.withSignedJwts(
                        StorageServers.redis(issuer(), StorageServers.REDIS, prefix))));
    }

    @Override
    String backend() {
        return "redis";
    }

    /** Both measured a round trip to the Redis they share. */
    @Override
    void assertOnOneStore(List<String> readiness) {
        readiness.forEach(body -> assertTrue(body.contains("latencyMs"), body));
    }

    @Override
    void cleanUp() {
        StorageServers.deleteKeys(StorageServers.REDIS, prefix);
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

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

    /**
     * Each instance decides its rate limits locally and sends its counts to Redis in the background: what both
     * counted for a client reaches its counter there, each request once, without a request waiting for it. The
     * client is registered for this test, so its counter's window begins here.
     */
    @Test
    void tokenWhenAtBothInstancesThenEachOnesCountsReachRedisWithItsReconcile() throws Exception {
        for (int port : new int[] {8181, 8282}) {
            String log = Files.readString(new File("target/payara-" + port + ".log").toPath(),
                    StandardCharsets.UTF_8);
            assertTrue(log.contains("rate limits decided locally, reconciled with the shared counters"),
                    "port " + port);
        }
        FlowClient atA = StorageServers.flow(URI.create("http://localhost:8181/"));
        FlowClient atB = StorageServers.flow(URI.create("http://localhost:8282/"));
        TestClient machine = atA.registerMachine("Counted at both instances");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, atA.clientCredentials(machine).statusCode());
            assertEquals(200, atB.clientCredentials(machine).statusCode());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count("c:" + machine.id()) < 10) {
            assertTrue(System.nanoTime() < deadline, "the counts never reached Redis");
            Thread.sleep(100);
        }
        Thread.sleep(2_000);
        assertEquals(10, count("c:" + machine.id()), "each request counted once");
    }

    private long count(String key) {
        try (RedisClient redis = RedisClient.create(URI.create(StorageServers.REDIS))) {
            String n = redis.get(prefix + "rl:" + key);
            return n == null ? 0 : Long.parseLong(n);
        }
    }

    @Override
    void cleanUp() {
        StorageServers.deleteKeys(StorageServers.REDIS, prefix);
    }
}

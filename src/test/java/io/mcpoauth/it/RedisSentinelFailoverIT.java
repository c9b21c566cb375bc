package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/**
 * {@link FailoverTests} on Redis Sentinel: a master, a replica and a Sentinel made by the test, the WAR on
 * Payara Micro finding the master through the Sentinel, which promotes the replica.
 */
class RedisSentinelFailoverIT extends FailoverTests {

    private SentinelGroup redis;

    RedisSentinelFailoverIT() {
        super(8596);
    }

    @Override
    PayaraProcess start(int port, String issuer) throws Exception {
        redis = SentinelGroup.start();
        Map<String, String> config = StorageServers.redis(issuer, "redis://127.0.0.1:1", "failover:");
        config.remove("mcp.oauth.redis.url");
        config.put("mcp.oauth.redis.sentinel.master", SentinelGroup.MASTER);
        config.put("mcp.oauth.redis.sentinel.nodes", redis.sentinelNodes());
        return PayaraProcess.start(port, config);
    }

    @Override
    void killPrimary() throws Exception {
        redis.awaitReplicated();
        redis.killMaster();
    }

    @Override
    void promoteStandby() throws Exception {
        redis.awaitFailover(30);
    }

    @Override
    void assertStandbyServes() throws Exception {
        assertTrue(redis.replicaIsMaster(), "the promoted replica serves");
    }

    @Override
    void stopStore() throws Exception {
        Stop.all(redis);
    }
}

package io.mcpoauth.store.redis;

import io.mcpoauth.store.TokenStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link io.mcpoauth.store.TokenStore} contract against a one-node Redis Cluster: every script and multi-key
 * command must keep its keys in one slot, or the node refuses it.
 */
class RedisClusterTokenStoreTest extends TokenStoreContract {

    @BeforeAll
    static void startCluster() throws Exception {
        ClusterNode.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        ClusterNode.stop();
    }

    @Override
    protected Storage newStorage() {
        return ClusterNode.storage();
    }
}

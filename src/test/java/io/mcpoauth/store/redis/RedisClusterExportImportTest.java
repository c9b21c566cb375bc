package io.mcpoauth.store.redis;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The export and import contract against a one-node Redis Cluster: the scans run node by node and the import
 * script keeps its key in the grant's slot, or the node refuses it.
 */
class RedisClusterExportImportTest extends ExportImportContract {

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
        return ClusterNode.storage(RedisTests.newPrefix());
    }
}

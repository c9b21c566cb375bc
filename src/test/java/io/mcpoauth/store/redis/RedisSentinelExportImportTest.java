package io.mcpoauth.store.redis;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The export and import contract through the Sentinel topology: the scans run on the master it names. */
class RedisSentinelExportImportTest extends ExportImportContract {

    @BeforeAll
    static void startSentinel() throws Exception {
        SentinelPair.start();
    }

    @AfterAll
    static void stopSentinel() throws Exception {
        SentinelPair.stop();
    }

    @Override
    protected Storage newStorage() {
        return SentinelPair.storage(RedisTests.newPrefix());
    }
}

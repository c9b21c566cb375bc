package io.mcpoauth.store.redis;

import io.mcpoauth.store.Storage;
import io.mcpoauth.store.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link io.mcpoauth.store.TokenStore} contract, concurrency included, through the Sentinel topology: the
 * client asks the Sentinel for the master and keeps every promise there.
 */
class RedisSentinelTokenStoreTest extends TokenStoreContract {

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
        return SentinelPair.storage();
    }
}

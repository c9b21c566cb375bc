package io.mcpoauth.store.redis;

import io.mcpoauth.store.ClientStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.ClientStore} contract against the real Redis, under a key prefix of its own. */
class RedisClientStoreTest extends ClientStoreContract {

    private static final String PREFIX = RedisTests.newPrefix();

    @Override
    protected Storage newStorage() {
        return RedisTests.storage(PREFIX);
    }

    @AfterAll
    static void removeKeys() {
        RedisTests.deleteAll(PREFIX);
    }
}

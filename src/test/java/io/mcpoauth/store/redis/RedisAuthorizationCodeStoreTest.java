package io.mcpoauth.store.redis;

import io.mcpoauth.store.AuthorizationCodeStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.AuthorizationCodeStore} contract against the real Redis, under a key prefix of its own. */
class RedisAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

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

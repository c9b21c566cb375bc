package io.mcpoauth.store.memory;

import io.mcpoauth.store.TokenStoreContract;
import io.mcpoauth.store.Storage;

/** The {@link io.mcpoauth.store.TokenStore} contract against the in-memory backend. */
class MemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

package io.mcpoauth.store.memory;

import io.mcpoauth.store.ClientStoreContract;
import io.mcpoauth.store.Storage;

/** The {@link io.mcpoauth.store.ClientStore} contract against the in-memory backend. */
class MemoryClientStoreTest extends ClientStoreContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

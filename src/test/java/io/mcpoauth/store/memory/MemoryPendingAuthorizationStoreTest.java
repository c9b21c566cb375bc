package io.mcpoauth.store.memory;

import io.mcpoauth.store.PendingAuthorizationStoreContract;
import io.mcpoauth.store.Storage;

/** The {@link io.mcpoauth.store.PendingAuthorizationStore} contract against the in-memory backend. */
class MemoryPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

package io.mcpoauth.store.memory;

import io.mcpoauth.store.AuthorizationCodeStoreContract;
import io.mcpoauth.store.Storage;

/** The {@link io.mcpoauth.store.AuthorizationCodeStore} contract against the in-memory backend. */
class MemoryAuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

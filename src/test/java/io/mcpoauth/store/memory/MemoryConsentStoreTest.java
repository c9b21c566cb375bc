package io.mcpoauth.store.memory;

import io.mcpoauth.store.ConsentStoreContract;
import io.mcpoauth.store.Storage;

class MemoryConsentStoreTest extends ConsentStoreContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

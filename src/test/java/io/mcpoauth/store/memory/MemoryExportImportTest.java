package io.mcpoauth.store.memory;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;

/** The export and import contract against the in-memory backend. */
class MemoryExportImportTest extends ExportImportContract {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage(100_000);
    }
}

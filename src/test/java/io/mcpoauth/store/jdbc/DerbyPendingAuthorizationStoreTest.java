package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.PendingAuthorizationStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.PendingAuthorizationStore} contract against Derby in memory. */
class DerbyPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {

    private static final TestDatabase DB = TestDatabase.derby();

    @Override
    protected Storage newStorage() {
        return DB.newStorage();
    }

    @AfterAll
    static void dropTables() throws Exception {
        DB.drop();
    }
}

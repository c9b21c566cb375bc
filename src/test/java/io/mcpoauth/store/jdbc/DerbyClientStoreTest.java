package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ClientStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.ClientStore} contract against Derby in memory. */
class DerbyClientStoreTest extends ClientStoreContract {

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

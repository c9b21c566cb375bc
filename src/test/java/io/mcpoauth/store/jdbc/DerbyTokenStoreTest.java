package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.TokenStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.TokenStore} contract against Derby in memory. */
class DerbyTokenStoreTest extends TokenStoreContract {

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

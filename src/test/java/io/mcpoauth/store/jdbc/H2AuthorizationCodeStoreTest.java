package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.AuthorizationCodeStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.AuthorizationCodeStore} contract against H2 in memory (as Payara's default). */
class H2AuthorizationCodeStoreTest extends AuthorizationCodeStoreContract {

    private static final TestDatabase DB = TestDatabase.h2();

    @Override
    protected Storage newStorage() {
        return DB.newStorage();
    }

    @AfterAll
    static void dropTables() throws Exception {
        DB.drop();
    }
}

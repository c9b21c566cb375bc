package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ClientStoreContract;
import io.mcpoauth.store.Storage;
import org.junit.jupiter.api.AfterAll;

/** The {@link io.mcpoauth.store.ClientStore} contract against the real PostgreSQL on 127.0.0.1:5432. */
class PostgresClientStoreTest extends ClientStoreContract {

    private static final TestDatabase DB = TestDatabase.postgres();

    @Override
    protected Storage newStorage() {
        return DB.newStorage();
    }

    @AfterAll
    static void dropTables() throws Exception {
        DB.drop();
    }
}

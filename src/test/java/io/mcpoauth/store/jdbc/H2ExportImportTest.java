package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * The export and import contract against H2 in memory (as Payara's default), each storage on tables
 * of its own.
 */
class H2ExportImportTest extends ExportImportContract {

    private static final List<TestDatabase> DATABASES = new CopyOnWriteArrayList<>();

    @Override
    protected Storage newStorage() {
        TestDatabase db = TestDatabase.h2();
        DATABASES.add(db);
        return db.newStorage();
    }

    @AfterAll
    static void dropTables() throws Exception {
        for (TestDatabase db : DATABASES) {
            db.drop();
        }
    }
}

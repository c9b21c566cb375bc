package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * The export and import contract against Derby in memory (as Open Liberty's default may be), each storage on tables
 * of its own.
 */
class DerbyExportImportTest extends ExportImportContract {

    private static final List<TestDatabase> DATABASES = new CopyOnWriteArrayList<>();

    @Override
    protected Storage newStorage() {
        TestDatabase db = TestDatabase.derby();
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

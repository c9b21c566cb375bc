package io.mcpoauth.store.jdbc;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/**
 * The export and import contract against the real PostgreSQL on 127.0.0.1:5432, each storage on tables
 * of its own.
 */
class PostgresExportImportTest extends ExportImportContract {

    private static final List<TestDatabase> DATABASES = new CopyOnWriteArrayList<>();

    @Override
    protected Storage newStorage() {
        TestDatabase db = TestDatabase.postgres();
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

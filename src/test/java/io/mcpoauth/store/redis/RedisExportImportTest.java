package io.mcpoauth.store.redis;

import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Storage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;

/** The export and import contract against the real Redis, each storage under a key prefix of its own. */
class RedisExportImportTest extends ExportImportContract {

    private static final List<String> PREFIXES = new CopyOnWriteArrayList<>();

    @Override
    protected Storage newStorage() {
        String prefix = RedisTests.newPrefix();
        PREFIXES.add(prefix);
        return RedisTests.storage(prefix);
    }

    @AfterAll
    static void removeKeys() {
        PREFIXES.forEach(RedisTests::deleteAll);
    }
}

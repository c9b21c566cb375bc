package io.mcpoauth.it;

import io.mcpoauth.store.jdbc.TcpProxy;
import io.mcpoauth.store.jdbc.TestDatabase;

/**
 * {@link StorageOutageTests} on PostgreSQL: the server's pool reaches the database through a TCP proxy the test
 * stops and starts again.
 */
class JdbcDatabaseDownIT extends StorageOutageTests {

    private static final int PORT = 8585;

    private final TestDatabase db = TestDatabase.postgres(TestDatabase.uniquePrefix());
    private TcpProxy proxy;

    @Override
    PayaraProcess start() throws Exception {
        proxy = new TcpProxy(5432).start();
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test";
        return PayaraProcess.start(PORT, StorageServers.jdbc("http://localhost:" + PORT, "jdbc/mcpOAuth",
                db.prefix()), StorageServers.postgresEnv(url, "unused"), StorageServers.postgresArgs());
    }

    @Override
    void takeStoreAway() {
        proxy.stop();
    }

    @Override
    void bringStoreBack() throws Exception {
        proxy.start();
    }

    @Override
    void stopStore() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            db.drop();
        }
    }

    @Override
    String readyDetail() {
        return "PostgreSQL";
    }
}

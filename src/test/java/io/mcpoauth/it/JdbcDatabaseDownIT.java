package io.mcpoauth.it;

import io.mcpoauth.store.jdbc.TcpProxy;
import io.mcpoauth.store.jdbc.TestDatabase;

/**
 * {@link StorageOutageTests} on PostgreSQL: the server's pool reaches the database through a TCP proxy the test
 * stops and starts again.
 */
class JdbcDatabaseDownIT extends StorageOutageTests {

    private final TestDatabase db = TestDatabase.postgres(TestDatabase.uniquePrefix());
    private TcpProxy proxy;

    JdbcDatabaseDownIT() {
        super(8585);
    }

    @Override
    PayaraProcess start(int port, String issuer) throws Exception {
        proxy = new TcpProxy(5432).start();
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test";
        return PayaraProcess.start(port, StorageServers.jdbc(issuer, "jdbc/mcpOAuth", db.prefix()),
                StorageServers.postgresEnv(url, "unused"), StorageServers.postgresArgs());
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
        Stop.all(proxy, db::drop);
    }

    @Override
    String readyDetail() {
        return "PostgreSQL";
    }
}

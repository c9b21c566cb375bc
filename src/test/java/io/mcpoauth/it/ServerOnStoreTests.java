package io.mcpoauth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One Payara Micro server of {@link StorageServers}' configuration on a store the test starts for itself, to do
 * things to the store under the running server ({@link StorageOutageTests}, {@link FailoverTests}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerOnStoreTests {

    private final int port;
    private PayaraProcess server;

    ServerOnStoreTests(int port) {
        this.port = port;
    }

    /** Starts the store, and a server on it on the port, for the issuer. */
    abstract PayaraProcess start(int port, String issuer) throws Exception;

    /** Stops the store and removes what the test left in it. */
    abstract void stopStore() throws Exception;

    @BeforeAll
    final void startServer() throws Exception {
        server = start(port, "http://localhost:" + port);
    }

    @AfterAll
    final void stopServer() throws Exception {
        Stop.all(server, this::stopStore);
    }

    final FlowClient flow() {
        return StorageServers.flow(server.base());
    }
}

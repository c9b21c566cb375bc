package io.mcpoauth.it;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The container login stories ({@link ContainerLoginFlow}) each server's test runs, on the server it starts in
 * container mode with the users {@link RealmUser#ADA} and {@link RealmUser#BOB}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerLoginTests {

    private final int port;
    private RunningServer server;
    private ContainerLoginFlow flow;

    /** @param port the application's HTTP port on this server */
    ContainerLoginTests(int port) {
        this.port = port;
    }

    /** Starts the server with the test configuration in container mode, its realm holding ada and bob. */
    abstract RunningServer start(Map<String, String> properties) throws Exception;

    @BeforeAll
    final void startServer() throws Exception {
        String issuer = "http://localhost:" + port;
        server = start(ContainerLoginFlow.properties(issuer));
        flow = new ContainerLoginFlow(server.base(), issuer);
    }

    @AfterAll
    final void stopServer() throws Exception {
        Stop.all(server);
    }

    final ContainerLoginFlow flow() {
        return flow;
    }

    @Test
    void codeFlowWhenRealmUserWithTheRoleThenSignedInByTheServer() throws Exception {
        flow.codeFlowWhenSignedInByTheServer();
    }

    @Test
    void consentWhenPublicClientThenApprovedByTheSignedInUser() throws Exception {
        flow.consentWhenPublicClientThenApprovedByTheSignedInUser();
    }

    @Test
    void refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid() throws Exception {
        flow.refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid();
    }
}

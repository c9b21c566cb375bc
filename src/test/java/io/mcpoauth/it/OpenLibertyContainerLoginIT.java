package io.mcpoauth.it;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@code container} login mode on Open Liberty 26: {@code server-config/openliberty/server.xml} and
 * {@code container-login.xml} as shipped, users in a basic registry ({@code mcp-oauth-users.xml}), Liberty's HTTP
 * Basic at {@code /login/container}, with the in-memory storage.
 */
class OpenLibertyContainerLoginIT extends ContainerLoginTests {

    private static final LibertyProcess.Layout LAYOUT = new LibertyProcess.Layout("liberty-container-it", 9230, 9231);
    private static final String ISSUER = "http://localhost:" + LAYOUT.http();

    private static LibertyProcess liberty;
    private static ContainerLoginFlow flow;

    @BeforeAll
    static void start() throws Exception {
        liberty = LibertyProcess.start(LAYOUT, ContainerLoginFlow.properties(ISSUER), Map.of(), Map.of(),
                LibertyProcess.containerLogin(List.of(RealmUser.ADA, RealmUser.BOB)));
        flow = new ContainerLoginFlow(liberty.base(), ISSUER);
    }

    @Override
    ContainerLoginFlow flow() {
        return flow;
    }

    @AfterAll
    static void stop() throws Exception {
        if (liberty != null) {
            liberty.close();
        }
    }
}

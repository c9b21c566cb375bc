package io.mcpoauth.it;

import java.util.List;
import java.util.Map;

/**
 * The {@code container} login mode on Open Liberty 26: {@code server-config/openliberty/server.xml} and
 * {@code container-login.xml} as shipped, users in a basic registry ({@code mcp-oauth-users.xml}), Liberty's HTTP
 * Basic at {@code /login/container}, with the in-memory storage.
 */
class OpenLibertyContainerLoginIT extends ContainerLoginTests {

    private static final LibertyProcess.Layout LAYOUT = new LibertyProcess.Layout("liberty-container-it", 9230, 9231);

    OpenLibertyContainerLoginIT() {
        super(LAYOUT.http());
    }

    @Override
    RunningServer start(Map<String, String> properties) throws Exception {
        return LibertyProcess.start(LAYOUT, properties, Map.of(), Map.of(),
                LibertyProcess.containerLogin(List.of(RealmUser.ADA, RealmUser.BOB)));
    }
}

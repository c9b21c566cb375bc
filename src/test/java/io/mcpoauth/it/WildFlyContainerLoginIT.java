package io.mcpoauth.it;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@code container} login mode on WildFly 39: users added to the default {@code ApplicationRealm} with
 * {@code add-user.sh -a -g <group>} (the group becomes the role through the default Elytron domain), and
 * WildFly's HTTP Basic at {@code /login/container}, with the in-memory storage.
 */
class WildFlyContainerLoginIT extends ContainerLoginTests {

    private static final WildFlyProcess.Layout LAYOUT =
            new WildFlyProcess.Layout("wildfly-container-it", 9220, 9221, 9222);
    private static final String ISSUER = "http://localhost:" + LAYOUT.http();

    private static WildFlyProcess wildfly;
    private static ContainerLoginFlow flow;

    @BeforeAll
    static void start() throws Exception {
        wildfly = WildFlyProcess.start(LAYOUT, ContainerLoginFlow.properties(ISSUER), Map.of(),
                List.of(RealmUser.ADA, RealmUser.BOB));
        flow = new ContainerLoginFlow(wildfly.base(), ISSUER);
    }

    @Override
    ContainerLoginFlow flow() {
        return flow;
    }

    @AfterAll
    static void stop() throws Exception {
        if (wildfly != null) {
            wildfly.close();
        }
    }
}

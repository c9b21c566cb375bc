package io.mcpoauth.it;

import java.util.List;
import java.util.Map;

/**
 * The {@code container} login mode on WildFly 39: users added to the default {@code ApplicationRealm} with
 * {@code add-user.sh -a -g <group>} (the group becomes the role through the default Elytron domain), and
 * WildFly's HTTP Basic at {@code /login/container}, with the in-memory storage.
 */
class WildFlyContainerLoginIT extends ContainerLoginTests {

    private static final WildFlyProcess.Layout LAYOUT =
            new WildFlyProcess.Layout("wildfly-container-it", 9220, 9221, 9222);

    WildFlyContainerLoginIT() {
        super(LAYOUT.http());
    }

    @Override
    RunningServer start(Map<String, String> properties) throws Exception {
        return WildFlyProcess.start(LAYOUT, properties, Map.of(), List.of(RealmUser.ADA, RealmUser.BOB));
    }
}

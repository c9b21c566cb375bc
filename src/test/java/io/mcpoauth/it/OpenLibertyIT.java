package io.mcpoauth.it;

import java.util.List;
import java.util.Map;

/**
 * {@link PortableServerTests} on Open Liberty 26 ({@code webProfile-10.0}, {@code mpConfig-3.1},
 * {@code mpHealth-4.0}) with {@code server-config/openliberty/server.xml} and its {@code jdbc/mcpOAuth}
 * DataSource. The configuration reaches the application through the three routes docs/servers.md gives: the test
 * properties appended to {@code bootstrap.properties}, environment variables in {@code server.env} (storage and
 * database), and a server configuration variable (the issuer). The container login's registry and role binding
 * ({@code container-login.xml}) are there too.
 */
class OpenLibertyIT extends PortableServerTests {

    OpenLibertyIT() {
        super(LibertyProcess.HTTP_PORT, "jdbc/mcpOAuth");
    }

    @Override
    RunningServer start(String issuer, Map<String, String> env) throws Exception {
        Map<String, String> properties = PortableFlow.testProperties(issuer);
        properties.remove("mcp.oauth.issuer");
        return LibertyProcess.start(LibertyProcess.DEFAULT, properties, env, Map.of("mcp.oauth.issuer", issuer),
                LibertyProcess.containerLogin(List.of(RealmUser.ADA)));
    }
}

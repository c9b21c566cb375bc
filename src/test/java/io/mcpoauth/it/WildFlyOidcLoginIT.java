package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code container} login mode on WildFly 39 with its OpenID Connect client: the commented commands of
 * {@code server-config/wildfly/container-oidc.cli}, uncommented with the test provider's URL, make
 * {@code elytron-oidc-client} sign the user in at {@code /login/container} against {@link TestOidcProvider}; the
 * provider's {@code realm_access.roles} give the role, {@code preferred_username} the user.
 */
class WildFlyOidcLoginIT extends OidcLoginTests {

    private static final WildFlyProcess.Layout LAYOUT =
            new WildFlyProcess.Layout("wildfly-oidc-it", 9225, 9226, 9227);

    WildFlyOidcLoginIT() {
        super(LAYOUT.http());
    }

    @Override
    TestOidcProvider startProvider() throws Exception {
        return new TestOidcProvider(9240, "mcp-oauth", "oidc-client-secret");
    }

    @Override
    RunningServer start(Map<String, String> properties, TestOidcProvider provider) throws Exception {
        String shipped = Files.readString(ServerProcess.project().resolve("server-config/wildfly/container-oidc.cli"),
                StandardCharsets.UTF_8);
        String script = shipped.replaceAll("(?m)^# (/subsystem=elytron-oidc-client/)", "$1")
                .replace("https://idp.example.com/realms/corp", provider.issuer());
        assertTrue(script.contains("secure-deployment=mcp-oauth.war:add("), "the shipped commands: " + script);
        Path cli = ServerProcess.target().resolve("wildfly-oidc-it.cli");
        Files.writeString(cli, script, StandardCharsets.UTF_8);
        return WildFlyProcess.start(LAYOUT, properties, Map.of("MCP_OAUTH_OIDC_CLIENT_SECRET", "oidc-client-secret"),
                List.of(), List.of(cli));
    }

    @Override
    OidcBrowser browser() {
        return new OidcBrowser(null);
    }
}

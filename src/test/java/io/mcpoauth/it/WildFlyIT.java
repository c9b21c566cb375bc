package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PortableServerTests} on WildFly 39 ({@code standalone-microprofile.xml}), the WAR deployed from the
 * deployments directory, with the DataSource {@code server-config/wildfly/postgresql.cli} creates. The test
 * configuration comes from a {@code -P} properties file, as docs/servers.md describes.
 */
class WildFlyIT extends PortableServerTests {

    WildFlyIT() {
        super(WildFlyProcess.HTTP_PORT, "java:jboss/jdbc/mcpOAuth");
    }

    @Override
    RunningServer start(String issuer, Map<String, String> env) throws Exception {
        return WildFlyProcess.start(WildFlyProcess.DEFAULT, PortableFlow.testProperties(issuer), env,
                List.of(RealmUser.ADA));
    }

    @Test
    void healthWhenOnApplicationPortThenNotFound() throws Exception {
        HttpResponse<String> onAppPort = Http.get(server().base(), "health/ready");
        assertEquals(404, onAppPort.statusCode(), "WildFly serves health on the management port only");
    }
}

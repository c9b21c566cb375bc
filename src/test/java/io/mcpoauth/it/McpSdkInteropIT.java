package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an MCP client sees: the official MCP TypeScript SDK's {@code auth()} runs against the deployed WAR
 * (src/test/interop/mcp-sdk/interop.mjs): discovery, dynamic registration, authorization through the
 * header login, code exchange, refresh with rotation, rejection of the rotated refresh token, and the
 * SDK's recovery from the revoked grant, once as a public and once as a confidential client.
 *
 * <p>Needs Node 20 or later and npm on the PATH; the SDK is installed with {@code npm ci} from the
 * committed package-lock.json when node_modules is missing or older than it. Without Node the test fails
 * rather than skips: a skipped interop test would hide a broken build.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class McpSdkInteropIT {

    private static final NodeScript SCRIPT = new NodeScript("src/test/interop/mcp-sdk");
    /** The script gives up by itself after 120 s; this is the backstop. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ContainerDeployment.builtWar();
    }

    @BeforeEach
    void deployed() {
        ContainerDeployment.assertDeployedAtRoot(deploymentUrl);
    }

    @Test
    void authWhenRunByMcpSdkThenRegistersAuthorizesRefreshesAndRecovers() throws Exception {
        SCRIPT.installIfStale();

        NodeScript.Result result =
                SCRIPT.run(SCRIPT_TIMEOUT, "node", "interop.mjs", ContainerDeployment.BASE.toString());

        assertEquals(0, result.exitCode(), () -> "interop.mjs failed; its output:\n" + result.output());
    }
}

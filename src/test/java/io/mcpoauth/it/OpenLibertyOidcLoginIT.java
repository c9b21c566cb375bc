package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.cimd.TestHttpsServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The {@code container} login mode on Open Liberty 26 with its OpenID Connect client: the commented block of
 * {@code server-config/openliberty/container-login.xml}, uncommented with the test provider's discovery URL and
 * the role bound to the provider's group by access id as the file says, makes Liberty sign the user in at
 * {@code /login/container} against {@link TestOidcProvider} over https.
 */
class OpenLibertyOidcLoginIT extends OidcLoginTests {

    private static final LibertyProcess.Layout LAYOUT = new LibertyProcess.Layout("liberty-oidc-it", 9232, 9233);

    private File keystore;
    private SSLContext tls;

    OpenLibertyOidcLoginIT() {
        super(LAYOUT.http());
    }

    @Override
    TestOidcProvider startProvider() throws Exception {
        keystore = TestHttpsServer.newKeystore();
        tls = TestHttpsServer.sslContext(keystore);
        return new TestOidcProvider(9241, "mcp-oauth", "oidc-client-secret", tls);
    }

    @Override
    RunningServer start(Map<String, String> properties, TestOidcProvider provider) throws Exception {
        String shipped = Files.readString(ServerProcess.project()
                .resolve("server-config/openliberty/container-login.xml"), StandardCharsets.UTF_8);
        String block = shipped.substring(shipped.indexOf("    <featureManager>"), shipped.lastIndexOf("    -->"));
        String binding = "<group name=\"mcp-oauth-user\"/>";
        assertTrue(shipped.contains(binding) && shipped.contains("access-id=\"group:https://idp.example.com/"),
                "the binding the shipped file tells to replace");
        String config = shipped.substring(0, shipped.indexOf("    <!-- OpenID Connect instead"))
                .replace(binding, "<group name=\"mcp-oauth-user\" access-id=\"group:" + provider.issuer()
                        + "/mcp-oauth-user\"/>")
                + block.replace("https://idp.example.com/.well-known/openid-configuration",
                        provider.issuer() + "/.well-known/openid-configuration") + "</server>\n";
        Map<String, String> overrides = new HashMap<>();
        overrides.put("container-login.xml", config);
        // The test's trust in its provider, in place of keystore_password and a public CA.
        overrides.put("test-tls.xml", "<server>\n    <keyStore id=\"defaultKeyStore\" location=\"" + keystore
                + "\" type=\"PKCS12\" password=\"changeit\"/>\n</server>\n");
        return LibertyProcess.start(LAYOUT, properties, Map.of("MCP_OAUTH_OIDC_CLIENT_ID", "mcp-oauth",
                "MCP_OAUTH_OIDC_CLIENT_SECRET", "oidc-client-secret"), Map.of(), overrides);
    }

    @Override
    OidcBrowser browser() {
        return new OidcBrowser(tls);
    }
}

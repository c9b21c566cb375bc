package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JWT access tokens with code nobody here wrote: src/test/interop/mcp-sdk/jwt.mjs runs an MCP TypeScript SDK
 * {@code McpServer} that validates bearer tokens with {@code jose} against mcp-oauth's {@code jwks_uri} (no
 * introspection), and the SDK's {@code ClientCredentialsProvider} gets it a token; tokens for another resource and
 * ones signed by a foreign key are refused, and a revoked JWT is inactive at {@code /introspect} while the MCP
 * server still accepts it until it expires.
 *
 * <p>The server is this test's own ({@code mcp.oauth.token.format=jwt}, the script's MCP server as a resource), signing
 * with keys it generates ({@link MicroProfileJwtIT} uses a provided one). Needs Node 20 or later and npm, as
 * {@link McpSdkInteropIT}.
 */
class McpSdkJwtIT {

    private static final NodeScript SCRIPT = new NodeScript("src/test/interop/mcp-sdk");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    /** bcrypt (cost 10) of "it-secret". */
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";

    private static PayaraProcess server;
    private static int mcpPort;

    @BeforeAll
    static void start() throws Exception {
        int port = LoopbackPorts.free();
        mcpPort = LoopbackPorts.free();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mcp.oauth.issuer", "http://localhost:" + port);
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.resources", "http://127.0.0.1:" + mcpPort + "/mcp,https://other.example.com/mcp");
        c.put("mcp.oauth.token.format", "jwt");
        // No keys configured: the server generates them in its (memory) storage.
        c.put("mcp.oauth.clients", "jwt-machine,jwt-resource-server");
        c.put("mcp.oauth.client.jwt-machine.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.jwt-machine.grant-types", "client_credentials");
        c.put("mcp.oauth.client.jwt-machine.scopes", "mcp:read");
        c.put("mcp.oauth.client.jwt-resource-server.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.jwt-resource-server.grant-types", "client_credentials");
        c.put("mcp.oauth.client.jwt-resource-server.introspect-any", "true");
        server = PayaraProcess.start(port, c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void jwtAccessTokensWhenValidatedByJoseInAnSdkMcpServerThenAcceptedAndForeignOnesRefused() throws Exception {
        SCRIPT.installIfStale();

        NodeScript.Result result = SCRIPT.run(SCRIPT_TIMEOUT, "node", "jwt.mjs", server.base().toString(),
                "--mcp-port", String.valueOf(mcpPort));

        assertEquals(0, result.exitCode(), () -> "jwt.mjs failed; its output:\n" + result.output());
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The enterprise MCP authorization extensions against the WAR on Payara Micro, with client and resource server
 * code nobody here wrote: src/test/interop/mcp-sdk/enterprise.mjs runs the official MCP TypeScript SDK's
 * {@code ClientCredentialsProvider} (client_secret_basic) and {@code PrivateKeyJwtProvider} (private_key_jwt) from
 * an MCP {@code Client} against an SDK {@code McpServer} that checks bearer tokens by introspection here; then a
 * test identity provider in the script issues ID-JAGs (Enterprise-Managed Authorization), which a client redeems
 * with the jwt-bearer grant and whose tokens the MCP server accepts, while replayed, mistyped, foreign-signed,
 * misaddressed and expired grants are refused.
 *
 * <p>The server is this test's own, not the shared one of it-server.properties: {@code mcp.oauth.resources}
 * must name the script's MCP server, which would change the audience of every other test's tokens. Its port and
 * the script's two (MCP server, identity provider JWK set) are free loopback ports of this run, handed to the
 * script. Needs Node 20 or later and npm on the PATH, as {@link McpSdkInteropIT} does.
 */
class EnterpriseInteropIT {

    private static final NodeScript SCRIPT = new NodeScript("src/test/interop/mcp-sdk");
    /** The script gives up by itself after 120 s; this is the backstop. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    /** bcrypt (cost 10) of "it-secret", the secret of every client here that has one. */
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /**
     * TEST-ONLY KEY: the public half of the private_key_jwt client's ES256 key, whose private half is published in
     * src/test/interop/mcp-sdk/test-keys.mjs. Change both together.
     */
    private static final String MACHINE_CLIENT_JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"O4f-W0WKUSUXMBhckdNYYgKxAya_i3IriXSp3IxwYLg\","
            + "\"y\":\"Ap5gBthbaExpp2ROVutgwX_fYn8eDDpy0PmBWnZDwv8\","
            + "\"kid\":\"ent-pkjwt-test-1\",\"alg\":\"ES256\",\"use\":\"sig\"}]}";

    private static PayaraProcess server;
    private static int mcpPort;
    private static int idpPort;

    @BeforeAll
    static void start() throws Exception {
        int port = LoopbackPorts.free();
        mcpPort = LoopbackPorts.free();
        idpPort = LoopbackPorts.free();
        server = PayaraProcess.start(port, configuration("http://localhost:" + port,
                "http://127.0.0.1:" + mcpPort + "/mcp", "http://127.0.0.1:" + idpPort));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * The clients and identity provider enterprise.mjs expects: a resource server that introspects any token, a
     * machine client with a secret, one with a key (client credentials and ID-JAGs), a client that redeems
     * ID-JAGs, and one allowed the grant type but not admitted by the identity provider.
     */
    private static Map<String, String> configuration(String issuer, String resource, String idp) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mcp.oauth.issuer", issuer);
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.login.header", "X-Forwarded-User");
        c.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.resources", resource);
        c.put("mcp.oauth.clients", "ent-resource-server,ent-machine,ent-pkjwt,ent-agent,ent-outsider");
        client(c, "ent-resource-server", "secret-hash", SECRET_HASH, "grant-types", "client_credentials",
                "introspect-any", "true");
        client(c, "ent-machine", "secret-hash", SECRET_HASH, "grant-types", "client_credentials", "scopes", "mcp:read");
        client(c, "ent-pkjwt", "auth-method", "private_key_jwt", "jwks", MACHINE_CLIENT_JWKS, "algorithms", "ES256",
                "grant-types", "client_credentials," + JWT_BEARER, "scopes", "mcp:read mcp:write");
        client(c, "ent-agent", "secret-hash", SECRET_HASH, "grant-types", JWT_BEARER, "scopes", "mcp:read mcp:write");
        client(c, "ent-outsider", "secret-hash", SECRET_HASH, "grant-types", JWT_BEARER, "scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.enterprise.idps", "acme-idp");
        c.put("mcp.oauth.enterprise.idp.acme-idp.issuer", idp);
        // http is allowed for a JWK set on loopback only.
        c.put("mcp.oauth.enterprise.idp.acme-idp.jwks-uri", idp + "/jwks.json");
        c.put("mcp.oauth.enterprise.idp.acme-idp.clients", "ent-agent,ent-pkjwt");
        c.put("mcp.oauth.rate-limit.per-client", "100000");
        c.put("mcp.oauth.rate-limit.per-address", "100000");
        return c;
    }

    private static void client(Map<String, String> c, String id, String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put("mcp.oauth.client." + id + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    @Test
    void enterpriseExtensionsWhenRunByMcpSdkThenMachineClientsAndIdJagsGetTokensTheMcpServerAccepts()
            throws Exception {
        SCRIPT.installIfStale();

        NodeScript.Result result = SCRIPT.run(SCRIPT_TIMEOUT, "node", "enterprise.mjs",
                server.base().toString(), "--mcp-port", String.valueOf(mcpPort), "--idp-port", String.valueOf(idpPort));

        assertEquals(0, result.exitCode(), () -> "enterprise.mjs failed; its output:\n" + result.output()
                + "\nserver log:\n" + tail());
    }

    private static String tail() {
        try {
            return server.tail();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }
}

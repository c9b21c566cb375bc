package io.mcpoauth.it;

import java.io.File;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The one configuration of the Payara Micro servers the storage tests start ({@code Jdbc*IT}, {@code Redis*IT},
 * {@code StorageMigrationIT}), on either backend: header login from the loopback gateway, a first-party
 * confidential client {@link #APP} (no consent page), a resource server {@link #RS} that may introspect any
 * token, one protected resource, and registration open to public and machine clients within {@code mcp:read}.
 * {@link #withSignedJwts} adds the clients of signed JWTs.
 */
final class StorageServers {

    static final String REDIRECT = "http://127.0.0.1/callback";
    /** Secret of every confidential client of the configuration. */
    static final String SECRET = "it-secret";
    static final TestClient APP = TestClient.confidential("app", SECRET, REDIRECT, true);
    static final TestClient RS = TestClient.confidential("rs", SECRET, null, false);
    /** A confidential client that exchanges the identity provider's ID-JAGs for access tokens. */
    static final TestClient AGENT = TestClient.confidential("agent", SECRET, null, false);
    /** A machine client ({@code client_credentials}) that authenticates with assertions {@link SignedJwts} signs. */
    static final String SIGNER = "signer";
    /** The one protected resource: requests naming none are bound to it. */
    static final String RESOURCE = "https://mcp.example.com/mcp";
    /** {@code mcp.oauth.admin.token} of a configuration {@link #withAdmin} opened the admin API in. */
    static final String ADMIN_TOKEN = "it-admin-token-" + Long.toHexString(System.nanoTime());
    /** The Redis the tests share, unless they start their own. */
    static final String REDIS = System.getProperty("mcp.oauth.test.redis-url", "redis://127.0.0.1:6379");
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";

    private StorageServers() {
    }

    /** The flow against a server of this configuration. */
    static FlowClient flow(URI base) {
        return new FlowClient(base, RS);
    }

    /** The configuration in memory: one instance, nothing kept across a restart. */
    static Map<String, String> memory(String issuer) {
        Map<String, String> c = common(issuer);
        c.put("mcp.oauth.storage", "memory");
        return c;
    }

    /** The configuration on Redis, under a key prefix. */
    static Map<String, String> redis(String issuer, String redisUrl, String keyPrefix) {
        Map<String, String> c = common(issuer);
        c.put("mcp.oauth.storage", "redis");
        c.put("mcp.oauth.redis.url", redisUrl);
        c.put("mcp.oauth.redis.key-prefix", keyPrefix);
        c.put("mcp.oauth.redis.timeout", "500ms");
        c.put("mcp.oauth.redis.connect-timeout", "500ms");
        return c;
    }

    /**
     * The configuration on the JDBC backend; {@code dataSource} null keeps the server's default DataSource,
     * {@code tablePrefix} null the default table names.
     */
    static Map<String, String> jdbc(String issuer, String dataSource, String tablePrefix) {
        Map<String, String> c = common(issuer);
        c.put("mcp.oauth.storage", "jdbc");
        if (dataSource != null) {
            c.put("mcp.oauth.jdbc.datasource", dataSource);
        }
        if (tablePrefix != null) {
            c.put("mcp.oauth.jdbc.table-prefix", tablePrefix);
        }
        return c;
    }

    private static Map<String, String> common(String issuer) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mcp.oauth.issuer", issuer);
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.login.header", FlowClient.USER_HEADER);
        c.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.clients", APP.id() + "," + RS.id());
        client(c, APP, "redirect-uris", REDIRECT, "name", "First-party app");
        client(c, RS, "grant-types", "client_credentials", "introspect-any", "true");
        c.put("mcp.oauth.consent", "skip-for");
        c.put("mcp.oauth.consent.skip-for", APP.id());
        // Registered machine clients, which an operator must allow: within mcp:read, for the one resource.
        c.put("mcp.oauth.resources", RESOURCE);
        c.put("mcp.oauth.registration.grant-types", "authorization_code,refresh_token,client_credentials");
        c.put("mcp.oauth.registration.scopes", "mcp:read");
        c.put("mcp.oauth.rate-limit.per-client", "100000");
        c.put("mcp.oauth.rate-limit.per-address", "100000");
        c.put("mcp.oauth.rate-limit.registrations-per-address", "1000");
        return c;
    }

    /**
     * Adds to a configuration the clients of signed JWTs: Enterprise-Managed Authorization trusting one identity
     * provider ({@link SignedJwts#IDP}), whose grants {@link #AGENT} presents, and the machine client
     * {@link #SIGNER}, which authenticates with {@code private_key_jwt}. Their public keys are inline.
     */
    static Map<String, String> withSignedJwts(Map<String, String> c) {
        c.put("mcp.oauth.clients", String.join(",", APP.id(), RS.id(), AGENT.id(), SIGNER));
        enterprise(c);
        signingClient(c);
        return c;
    }

    /** Opens the admin API (docs/admin.md) with {@link #ADMIN_TOKEN}. */
    static Map<String, String> withAdmin(Map<String, String> c) {
        c.put("mcp.oauth.admin.token", ADMIN_TOKEN);
        return c;
    }

    /** The identity provider {@link #AGENT} presents grants of. */
    private static void enterprise(Map<String, String> c) {
        client(c, AGENT, "grant-types", FlowClient.JWT_BEARER, "scopes", "mcp:read", "name", "Enterprise agent");
        c.put("mcp.oauth.enterprise.idps", SignedJwts.IDP);
        String idp = "mcp.oauth.enterprise.idp." + SignedJwts.IDP + ".";
        c.put(idp + "issuer", SignedJwts.IDP_ISSUER);
        c.put(idp + "jwks", SignedJwts.idpJwks());
    }

    /** {@link #SIGNER}: no secret, its public keys. */
    private static void signingClient(Map<String, String> c) {
        String prefix = "mcp.oauth.client." + SIGNER + ".";
        c.put(prefix + "auth-method", "private_key_jwt");
        c.put(prefix + "jwks", SignedJwts.clientJwks());
        c.put(prefix + "grant-types", "client_credentials");
        c.put(prefix + "scopes", "mcp:read");
    }

    /** A configured client's keys: its secret's hash, and the given keys and values. */
    private static void client(Map<String, String> c, TestClient client, String... keysAndValues) {
        String prefix = "mcp.oauth.client." + client.id() + ".";
        c.put(prefix + "secret-hash", SECRET_HASH);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            c.put(prefix + keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    /** Payara Micro arguments for PostgreSQL: the post-boot command file and the driver, as docs/jdbc.md says. */
    static String[] postgresArgs() {
        return new String[] {
            "--postbootcommandfile", new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath(),
            "--addlibs", new File("target/server-lib/postgresql.jar").getAbsolutePath()};
    }

    /** The environment the post-boot command file reads. */
    static Map<String, String> postgresEnv(String url, String password) {
        return Map.of("MCP_OAUTH_DB_URL", url, "MCP_OAUTH_DB_USER", "postgres", "MCP_OAUTH_DB_PASSWORD", password);
    }

    /** Deletes every key under the prefix of a test's servers, with SCAN (never KEYS). */
    static void deleteKeys(String redisUrl, String prefix) {
        try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                page.getResult().forEach(redis::unlink);
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }
}

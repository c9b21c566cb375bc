package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Servers on the JDBC backend for the {@code Jdbc*IT} tests, and the HTTP calls of a flow: a configured
 * confidential client {@code jdbc-app} (no consent page asked) and a resource server {@code jdbc-rs} that may
 * introspect any token; both have the secret {@code it-secret}.
 */
final class JdbcServers {

    static final String SECRET = "it-secret";
    static final String REDIRECT = "http://127.0.0.1/callback";
    /** The one protected resource: requests naming none are bound to it. */
    static final String RESOURCE = "https://mcp.example.com/mcp";
    private static final String HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private JdbcServers() {
    }

    /** Server settings on the JDBC backend; {@code dataSource} null keeps the default DataSource. */
    static Map<String, String> properties(String issuer, String dataSource, String tablePrefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mcp.oauth.storage", "jdbc");
        if (dataSource != null) {
            p.put("mcp.oauth.jdbc.datasource", dataSource);
        }
        if (tablePrefix != null) {
            p.put("mcp.oauth.jdbc.table-prefix", tablePrefix);
        }
        p.put("mcp.oauth.issuer", issuer);
        p.put("mcp.oauth.login.mode", "header");
        p.put("mcp.oauth.login.header", "X-Forwarded-User");
        p.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        p.put("mcp.oauth.scopes", "mcp:read mcp:write");
        p.put("mcp.oauth.clients", "jdbc-app,jdbc-rs");
        p.put("mcp.oauth.client.jdbc-app.secret-hash", HASH);
        p.put("mcp.oauth.client.jdbc-app.redirect-uris", REDIRECT);
        p.put("mcp.oauth.client.jdbc-rs.secret-hash", HASH);
        p.put("mcp.oauth.client.jdbc-rs.grant-types", "client_credentials");
        p.put("mcp.oauth.client.jdbc-rs.introspect-any", "true");
        p.put("mcp.oauth.consent", "skip-for");
        p.put("mcp.oauth.consent.skip-for", "jdbc-app");
        // Registered machine clients, which an operator must allow: within mcp:read, for the one resource.
        p.put("mcp.oauth.resources", RESOURCE);
        p.put("mcp.oauth.registration.grant-types", "authorization_code,refresh_token,client_credentials");
        p.put("mcp.oauth.registration.scopes", "mcp:read");
        p.put("mcp.oauth.rate-limit.per-client", "100000");
        p.put("mcp.oauth.rate-limit.per-address", "100000");
        return p;
    }

    /** Payara Micro arguments for PostgreSQL: the post-boot command file and the driver, as docs/jdbc.md says. */
    static String[] postgresArgs() {
        return new String[] {
            "--postbootcommandfile", new File("server-config/payara-micro/postgresql.asadmin").getAbsolutePath(),
            "--addlibs", new File("target/server-lib/postgresql.jar").getAbsolutePath()};
    }

    /** The environment the post-boot command file reads. */
    static Map<String, String> postgresEnv(String url) {
        return Map.of("MCP_OAUTH_DB_URL", url, "MCP_OAUTH_DB_USER", "postgres", "MCP_OAUTH_DB_PASSWORD", "unused");
    }

    /** A code for {@code jdbc-app}, from the header login. */
    static String code(URI server, String user) throws Exception {
        HttpResponse<String> r = Http.get(server, "authorize?response_type=code&client_id=jdbc-app&redirect_uri="
                + Http.enc(REDIRECT) + "&state=s&scope=" + Http.enc("mcp:read") + "&code_challenge=" + CHALLENGE
                + "&code_challenge_method=S256", "X-Forwarded-User", user);
        assertEquals(302, r.statusCode(), r.body());
        return query(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    static HttpResponse<String> exchange(URI server, String code) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        form.put("code_verifier", VERIFIER);
        return Http.postForm(server, "token", form, "Authorization", Http.basic("jdbc-app", SECRET));
    }

    /** Access and refresh token for a new grant, from a code exchanged at the same server. */
    static JsonObject tokens(URI server, String user) throws Exception {
        HttpResponse<String> r = exchange(server, code(server, user));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    static HttpResponse<String> refresh(URI server, String refreshToken) throws Exception {
        return Http.postForm(server, "token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization", Http.basic("jdbc-app", SECRET));
    }

    static HttpResponse<String> introspect(URI server, String token) throws Exception {
        return Http.postForm(server, "introspect", Map.of("token", token),
                "Authorization", Http.basic("jdbc-rs", SECRET));
    }

    /** Whether the server says the token is active; fails on anything but 200. */
    static boolean active(URI server, String token) throws Exception {
        HttpResponse<String> r = introspect(server, token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).getBoolean("active");
    }

    static HttpResponse<String> revoke(URI server, String token) throws Exception {
        return Http.postForm(server, "revoke", Map.of("token", token),
                "Authorization", Http.basic("jdbc-app", SECRET));
    }

    /** Runs the calls at the same moment, each on its own thread; their results in order. */
    @SafeVarargs
    static <T> List<T> together(Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return call.call();
                }));
            }
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<String, String> query(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }
}

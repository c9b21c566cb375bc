package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The OAuth steps the Redis container tests repeat, over plain HTTP against one server: the user is logged in
 * by the trusted gateway header, consent is answered when asked, codes are exchanged with PKCE.
 */
final class OAuthFlows {

    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String REDIRECT = "http://127.0.0.1/callback";
    /** Secret of every confidential client in {@link #serverConfig}. */
    static final String SECRET = "it-secret";
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";

    private OAuthFlows() {
    }

    /**
     * A server on Redis: header login from the loopback gateway, a first-party confidential client
     * ({@code app}, no consent page), a resource server that may introspect any token ({@code rs}).
     */
    static Map<String, String> serverConfig(String issuer, String redisUrl, String keyPrefix) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mcp.oauth.issuer", issuer);
        c.put("mcp.oauth.storage", "redis");
        c.put("mcp.oauth.redis.url", redisUrl);
        c.put("mcp.oauth.redis.key-prefix", keyPrefix);
        c.put("mcp.oauth.redis.timeout", "500ms");
        c.put("mcp.oauth.redis.connect-timeout", "500ms");
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.login.header", "X-Forwarded-User");
        c.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.clients", "app,rs");
        c.put("mcp.oauth.client.app.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.app.redirect-uris", REDIRECT);
        c.put("mcp.oauth.client.app.name", "First-party app");
        c.put("mcp.oauth.client.rs.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.rs.grant-types", "client_credentials");
        c.put("mcp.oauth.client.rs.introspect-any", "true");
        c.put("mcp.oauth.consent", "skip-for");
        c.put("mcp.oauth.consent.skip-for", "app");
        c.put("mcp.oauth.rate-limit.per-client", "100000");
        c.put("mcp.oauth.rate-limit.per-address", "100000");
        c.put("mcp.oauth.rate-limit.registrations-per-address", "1000");
        return c;
    }

    /** Authorizes as {@code user} (approving consent if asked) and returns the code. */
    static String code(URI base, String clientId, String user) throws Exception {
        HttpResponse<String> r = Http.get(base, "authorize?response_type=code&client_id=" + Http.enc(clientId)
                + "&redirect_uri=" + Http.enc(REDIRECT) + "&state=s&code_challenge=" + CHALLENGE
                + "&code_challenge_method=S256&scope=" + Http.enc("mcp:read"), "X-Forwarded-User", user);
        if (r.statusCode() == 200) {
            r = Http.answerConsent(base, r, "approve", "X-Forwarded-User", user);
        }
        assertEquals(true, r.statusCode() == 302 || r.statusCode() == 303, r.statusCode() + " " + r.body());
        return query(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    /** Exchanges a code; a null secret means a public client. */
    static HttpResponse<String> exchange(URI base, String clientId, String secret, String code) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        form.put("code_verifier", VERIFIER);
        return token(base, clientId, secret, form);
    }

    static HttpResponse<String> refresh(URI base, String clientId, String secret, String refreshToken)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return token(base, clientId, secret, form);
    }

    /** Code flow end to end: returns the token response. */
    static JsonObject tokens(URI base, String clientId, String secret, String user) throws Exception {
        HttpResponse<String> r = exchange(base, clientId, secret, code(base, clientId, user));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    static HttpResponse<String> introspectResponse(URI base, String token) throws Exception {
        return Http.postForm(base, "introspect", Map.of("token", token), "Authorization", Http.basic("rs", SECRET));
    }

    /** Introspects as the resource server; true when the token is active. */
    static boolean active(URI base, String token) throws Exception {
        HttpResponse<String> r = introspectResponse(base, token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r).getBoolean("active");
    }

    static HttpResponse<String> revoke(URI base, String clientId, String secret, String token) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        return secret == null
                ? Http.postForm(base, "revoke", with(form, "client_id", clientId))
                : Http.postForm(base, "revoke", form, "Authorization", Http.basic(clientId, secret));
    }

    static HttpResponse<String> registerResponse(URI base) throws Exception {
        return Http.post(base, "register", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"client_name\":\"Registered app\"}");
    }

    /** Registers a public client; returns its id. */
    static String register(URI base) throws Exception {
        HttpResponse<String> r = registerResponse(base);
        assertEquals(201, r.statusCode(), r.body());
        return Http.json(r).getString("client_id");
    }

    private static HttpResponse<String> token(URI base, String clientId, String secret, Map<String, String> form)
            throws Exception {
        return secret == null
                ? Http.postForm(base, "token", with(form, "client_id", clientId))
                : Http.postForm(base, "token", form, "Authorization", Http.basic(clientId, secret));
    }

    private static Map<String, String> with(Map<String, String> form, String key, String value) {
        form.put(key, value);
        return form;
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

    static Map<String, String> query(String location) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = URI.create(location).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }
}

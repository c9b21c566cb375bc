package io.mcpoauth.hostile;

import io.mcpoauth.it.Pkce;
import io.mcpoauth.it.Query;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users and clients the attacks must not hurt: the demo user signing in with the demo form for the public
 * client {@code demo-app} (authorization code with PKCE, then a refresh), and the resource server introspecting
 * the token with its correct secret. Every step must answer as it would on an idle server, within
 * {@link #STEP_LIMIT}; a refusal (429 or any other unexpected status) fails the step.
 */
final class LegitimateClient {

    static final String PUBLIC_CLIENT = "demo-app";
    static final String RESOURCE_SERVER = "hostile-rs";
    /** The resource server's secret (bcrypt hash in {@link HostileServer}). */
    static final String RESOURCE_SERVER_SECRET = "it-secret";
    static final String REDIRECT = "http://127.0.0.1:9999/callback";
    private static final String USER = "demo";
    private static final String PASSWORD = "demo";
    /** The longest a single step of the legitimate flow may take, even while the server is under attack. */
    static final Duration STEP_LIMIT = Duration.ofSeconds(10);

    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final AtomicInteger STATES = new AtomicInteger();

    private final RawHttp http;
    private final ResponseAudit audit;
    private final String scenario;
    private final String[] extraHeaders;

    /**
     * @param http         the connection settings (the address the legitimate client calls from)
     * @param audit        where every answer is recorded
     * @param scenario     the name its answers are recorded under
     * @param extraHeaders headers sent with every request (a proxy's {@code X-Forwarded-For})
     */
    LegitimateClient(RawHttp http, ResponseAudit audit, String scenario, String... extraHeaders) {
        this.http = Objects.requireNonNull(http, "http").withTimeout(STEP_LIMIT);
        this.audit = Objects.requireNonNull(audit, "audit");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.extraHeaders = extraHeaders.clone();
    }

    /** The metadata document answers 200 and names the token endpoint. */
    void metadata() {
        RawHttp.Reply r = expect(200, "metadata", Request.get("/.well-known/oauth-authorization-server", extraHeaders));
        if (!r.body().contains("\"token_endpoint\"")) {
            throw new AssertionError("metadata without token_endpoint: " + ResponseAudit.line(r));
        }
    }

    /** Health answers 200. */
    void health() {
        expect(200, "health", Request.get("/health", extraHeaders));
    }

    /**
     * The whole legitimate story: metadata, sign-in and consent, code exchange with PKCE, refresh, and the
     * resource server's introspection of the refreshed access token. Returns how long it took.
     */
    Duration grant() {
        long start = System.nanoTime();
        metadata();
        String code = authorize();
        JsonObject tokens = json(expect(200, "code exchange", Request.form("/token", Map.of(
                "grant_type", "authorization_code", "code", code, "client_id", PUBLIC_CLIENT,
                "redirect_uri", REDIRECT, "code_verifier", Pkce.VERIFIER), extraHeaders)));
        JsonObject refreshed = json(expect(200, "refresh", Request.form("/token", Map.of(
                "grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token"),
                "client_id", PUBLIC_CLIENT), extraHeaders)));
        if (!introspect(refreshed.getString("access_token"))) {
            throw new AssertionError("the refreshed access token is not active");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The resource server introspects with its correct secret: must be 200; answers whether the token is active. */
    boolean introspect(String token) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (RESOURCE_SERVER + ":" + RESOURCE_SERVER_SECRET).getBytes(StandardCharsets.UTF_8));
        RawHttp.Reply r = expect(200, "introspection", Request.form("/introspect", Map.of("token", token),
                with("Authorization", basic)));
        return json(r).getBoolean("active");
    }

    private String authorize() {
        String state = "legit-" + STATES.incrementAndGet();
        RawHttp.Reply page = expect(200, "sign-in page", Request.get("/authorize?response_type=code&client_id="
                + PUBLIC_CLIENT + "&redirect_uri=" + Request.enc(REDIRECT) + "&state=" + state
                + "&scope=mcp%3Aread&" + Pkce.PARAMETERS, extraHeaders));
        Map<String, String> cookies = new LinkedHashMap<>();
        remember(cookies, page);
        Map<String, String> login = hidden(page);
        login.put("username", USER);
        login.put("password", PASSWORD);
        RawHttp.Reply next = http.send(Request.form("/login", login, withCookies(cookies)));
        audit.check(scenario, next);
        remember(cookies, next);
        if (next.status() == 200) {
            Map<String, String> consent = hidden(next);
            consent.put("decision", "approve");
            next = audit.check(scenario, http.send(Request.form("/consent", consent, withCookies(cookies))));
        }
        if (next.status() != 303 || next.header("Location") == null) {
            throw refused("sign-in and consent", 303, next);
        }
        Map<String, String> query = Query.of(next.header("Location"));
        if (!state.equals(query.get("state")) || query.get("code") == null) {
            throw new AssertionError("no code for this request: " + next.header("Location"));
        }
        return query.get("code");
    }

    private RawHttp.Reply expect(int status, String step, Request request) {
        RawHttp.Reply r = audit.check(scenario, http.send(request));
        if (r.status() != status) {
            throw refused(step, status, r);
        }
        if (r.elapsed().compareTo(STEP_LIMIT) > 0) {
            throw new AssertionError("legitimate " + step + " took " + r.elapsed().toMillis() + " ms");
        }
        return r;
    }

    private AssertionError refused(String step, int expected, RawHttp.Reply r) {
        return new AssertionError("legitimate " + step + " expected " + expected + ": " + ResponseAudit.line(r));
    }

    private String[] with(String... more) {
        String[] all = java.util.Arrays.copyOf(extraHeaders, extraHeaders.length + more.length);
        System.arraycopy(more, 0, all, extraHeaders.length, more.length);
        return all;
    }

    private String[] withCookies(Map<String, String> cookies) {
        if (cookies.isEmpty()) {
            return extraHeaders.clone();
        }
        StringBuilder c = new StringBuilder();
        cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        return with("Cookie", c.toString());
    }

    private static void remember(Map<String, String> cookies, RawHttp.Reply r) {
        for (String set : r.all("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
    }

    /** The hidden fields of the page's form, as a browser would post them back. */
    private static Map<String, String> hidden(RawHttp.Reply page) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = HIDDEN.matcher(page.body());
        while (input.find()) {
            Matcher name = NAME.matcher(input.group());
            Matcher value = VALUE.matcher(input.group());
            if (name.find()) {
                fields.put(unescape(name.group(1)), value.find() ? unescape(value.group(1)) : "");
            }
        }
        if (fields.isEmpty()) {
            throw new AssertionError("no form on the page: " + ResponseAudit.line(page));
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    private static JsonObject json(RawHttp.Reply r) {
        try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
            return reader.readObject();
        }
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as the README starts it ({@code server-config/payara-micro/demo.properties}): the
 * demo form login end to end, from the sign-in page to tokens.
 */
class DemoRunIT {

    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = PayaraProcess.start(8383, new File("server-config/payara-micro/demo.properties"));
    }

    @AfterAll
    static void stop() throws Exception {
        Stop.all(server);
    }

    private static HttpResponse<String> signInPage() throws Exception {
        HttpResponse<String> page = Http.get(server.base(), "authorize?response_type=code&client_id=demo-app"
                + "&redirect_uri=" + Http.enc("http://127.0.0.1:9999/callback") + "&state=abc&scope=mcp%3Aread"
                + "&" + Pkce.PARAMETERS);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Demo MCP app"), page.body());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        return page;
    }

    /** Signs in on the page as a browser would, with its CSRF token in the form and in the cookie. */
    private static HttpResponse<String> login(HttpResponse<String> page, String password) throws Exception {
        return Http.submitPage(server.base(), "login", page, Map.of("username", "demo", "password", password));
    }

    @Test
    void demoLoginWhenCsrfTokenMissingOrWrongThenRefusedBeforeThePassword() throws Exception {
        HttpResponse<String> page = signInPage();
        Matcher m = REQUEST_ID.matcher(page.body());
        assertTrue(m.find(), page.body());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("request", m.group(1));
        form.put("username", "demo");
        form.put("password", "demo");
        HttpResponse<String> none = Http.postForm(server.base(), "login", form);
        assertEquals(400, none.statusCode(), "no CSRF token: " + none.body());
        form.put("csrf", "forged");
        HttpResponse<String> wrong = Http.postForm(server.base(), "login", form, "Cookie", "mcp_oauth_csrf=forged");
        assertEquals(400, wrong.statusCode(), "a token the page did not give: " + wrong.body());
        assertTrue(wrong.headers().firstValue("Location").isEmpty());
        assertEquals(200, login(page, "demo").statusCode(), "the page itself still signs in");
    }

    @Test
    void demoLoginWhenPasswordRightThenCodeAndTokensAndPageSingleUse() throws Exception {
        HttpResponse<String> page = signInPage();
        HttpResponse<String> wrong = login(page, "not-demo");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong user name or password"));

        HttpResponse<String> consent = login(page, "demo");
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("Demo MCP app") && consent.body().contains("mcp:read"));
        HttpResponse<String> ok = Http.answerConsent(server.base(), consent, "approve");
        assertEquals(303, ok.statusCode(), ok.body());
        URI location = URI.create(ok.headers().firstValue("Location").orElseThrow());
        assertEquals("127.0.0.1", location.getHost());
        Map<String, String> q = Query.of(location.toString());
        assertEquals("abc", q.get("state"));
        assertEquals("http://localhost:8080", q.get("iss"));

        assertEquals(400, login(page, "demo").statusCode(), "a completed sign-in cannot be replayed");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", q.get("code"));
        form.put("client_id", "demo-app");
        form.put("code_verifier", Pkce.VERIFIER);
        HttpResponse<String> tokens = Http.postForm(server.base(), "token", form);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("mcp:read", Http.json(tokens).getString("scope"));
    }
}

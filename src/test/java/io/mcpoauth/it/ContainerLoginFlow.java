package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code container} login mode as every server must give it: {@code /authorize} sends the browser to
 * {@code /login/container}, the server's own authentication (here BASIC against its realm) challenges, and only
 * its principal with the role {@code mcp-oauth-user} signs in. Run against the test configuration
 * ({@code it-server.properties}) with {@code mcp.oauth.login.mode=container} and the realm users {@link RealmUser}.
 */
final class ContainerLoginFlow {

    private static final String GATEWAY_HEADER = "X-Forwarded-User";

    private final URI base;
    private final String issuer;

    ContainerLoginFlow(URI base, String issuer) {
        this.base = base;
        this.issuer = issuer;
    }

    /** The test configuration in container mode. */
    static Map<String, String> properties(String issuer) throws Exception {
        Map<String, String> p = PortableFlow.testProperties(issuer);
        p.put("mcp.oauth.login.mode", "container");
        return p;
    }

    /**
     * The first-party confidential client: the server challenges, refuses a wrong password and a forged gateway
     * header, signs in ada (and not the user the header names), and the code carries her; the sign-in is
     * single use.
     */
    void codeFlowWhenSignedInByTheServer() throws Exception {
        SignIn signIn = signIn(PortableFlow.CONFIDENTIAL, "c1");

        HttpResponse<String> anonymous = signIn.get();
        assertEquals(401, anonymous.statusCode(), "the server challenges: " + anonymous.body());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().map().toString());
        assertEquals(401, signIn.get("Authorization", Http.basic("ada", "not-her-password")).statusCode());
        assertEquals(401, signIn.get(GATEWAY_HEADER, "ada").statusCode(),
                "a gateway header is no sign-in in container mode");

        HttpResponse<String> signedIn = signIn.get("Authorization", RealmUser.ADA.basic(), GATEWAY_HEADER, "mallory");
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        assertTrue(signedIn.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("mcp_oauth_login=") && c.contains("Max-Age=0")),
                "the sign-in cookie is cleared: " + signedIn.headers().map());
        Map<String, String> q = Query.of(signedIn.headers().firstValue("Location").orElseThrow());
        assertEquals("c1", q.get("state"));
        assertEquals(issuer, q.get("iss"));

        assertEquals("ada", subjectOfCode(base, PortableFlow.CONFIDENTIAL, q.get("code")));

        HttpResponse<String> again = signIn.get("Authorization", RealmUser.ADA.basic());
        assertEquals(400, again.statusCode(), "a sign-in is single use: " + again.body());
        assertTrue(again.headers().firstValue("Location").isEmpty());
    }

    /** A public client: after the server signs ada in, the consent page, approved without credentials. */
    void consentWhenPublicClientThenApprovedByTheSignedInUser() throws Exception {
        SignIn signIn = signIn(PortableFlow.PUBLIC, "p1");
        HttpResponse<String> page = signIn.get("Authorization", RealmUser.ADA.basic());
        assertEquals(200, page.statusCode(), "it-public is asked for consent: " + page.body());
        assertTrue(page.body().contains("ada"), page.body());
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(action.find(), page.body());
        assertEquals(base.resolve("consent"), signIn.link().resolve(action.group(1)),
                "a browser posts the consent page shown at /login/container to /consent");
        HttpResponse<String> approved = Http.answerConsent(base, page, "approve");
        assertEquals(303, approved.statusCode(), approved.body());
        Map<String, String> q = Query.of(approved.headers().firstValue("Location").orElseThrow());
        assertEquals("ada", subjectOfCode(base, PortableFlow.PUBLIC, q.get("code")));
    }

    /**
     * bob is a realm user without the role: refused with a page, no redirect. A made-up or missing request id
     * (the cookie) is refused after sign-in too, and so is an id sent as a query parameter.
     */
    void refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid() throws Exception {
        SignIn signIn = signIn(PortableFlow.CONFIDENTIAL, "b1");
        HttpResponse<String> bob = signIn.get("Authorization", RealmUser.BOB.basic());
        assertEquals(403, bob.statusCode(), bob.body());
        assertTrue(bob.body().contains("access_denied"), bob.body());
        assertTrue(bob.headers().firstValue("Location").isEmpty());
        assertEquals("DENY", bob.headers().firstValue("X-Frame-Options").orElse(""));

        String id = signIn.cookie().substring(signIn.cookie().indexOf('=') + 1);
        for (HttpResponse<String> r : List.of(
                Http.get(base, "login/container", "Authorization", RealmUser.ADA.basic(), "Cookie",
                        "mcp_oauth_login=made-up"),
                Http.get(base, "login/container", "Authorization", RealmUser.ADA.basic()),
                Http.get(base, "login/container?request=" + id, "Authorization", RealmUser.ADA.basic()))) {
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("invalid_request"), r.body());
        }
        // Behind the gate, the resource answers only what the gate forwarded: sent there directly, past the
        // server's authentication, even a valid sign-in with a user's credentials finds nothing.
        HttpResponse<String> direct = Http.get(base, "login/container/signed-in", "Authorization",
                RealmUser.ADA.basic(), "Cookie", "mcp_oauth_login=" + id);
        assertEquals(404, direct.statusCode(), direct.body());
        assertTrue(direct.headers().firstValue("Location").isEmpty());
        // Neither bob's refusal nor the direct request spent ada's chance on the same request.
        assertEquals(302, signIn.get("Authorization", RealmUser.ADA.basic()).statusCode());
    }

    /**
     * In any other login mode the path signs in nobody: there is no constraint, so the server authenticates
     * nobody there (some servers may still challenge), whoever sends credentials gets a 404, and
     * {@code /authorize} never sends anyone there.
     */
    static void otherModeSignsInNobody(URI base, RealmUser user) throws Exception {
        HttpResponse<String> anonymous = Http.get(base, "login/container", "Cookie", "mcp_oauth_login=x");
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 404,
                anonymous.statusCode() + " " + anonymous.body());
        assertTrue(anonymous.headers().firstValue("Location").isEmpty());
        HttpResponse<String> known = Http.get(base, "login/container", "Authorization", user.basic(), "Cookie",
                "mcp_oauth_login=x");
        // Not assertJsonError: Liberty adds no-cache=set-cookie to Cache-Control with its SSO cookie here.
        assertEquals(404, known.statusCode(), known.body());
        assertEquals("not_found", Http.json(known).getString("error"), known.body());
        assertTrue(known.headers().firstValue("Location").isEmpty());
        HttpResponse<String> spoofed = Http.get(base, "login/container", GATEWAY_HEADER, user.name());
        assertFalse(spoofed.statusCode() < 400, spoofed.statusCode() + " " + spoofed.body());
    }

    /**
     * Exchanges a code of the test configuration's {@code it-confidential} (with its secret) or {@code it-public}
     * client, sent to its callback, with the PKCE verifier, and returns the user its access token is for.
     */
    static String subjectOfCode(URI base, TestClient client, String code) throws Exception {
        FlowClient flow = PortableFlow.flow(base);
        HttpResponse<String> tokens = flow.exchange(client, code);
        assertEquals(200, tokens.statusCode(), tokens.body());
        return flow.introspection(Http.json(tokens).getString("access_token")).getString("sub");
    }

    /** Where {@code /authorize} sent the browser, and the cookie it set for the held request. */
    record SignIn(URI link, String cookie) {

        HttpResponse<String> get(String... headers) throws Exception {
            String[] all = Arrays.copyOf(headers, headers.length + 2);
            all[headers.length] = "Cookie";
            all[headers.length + 1] = cookie;
            return Http.get(link, "", all);
        }
    }

    private SignIn signIn(TestClient client, String state) throws Exception {
        HttpResponse<String> r = Http.get(base, FlowClient.authorizePath(client, state, "mcp:read"));
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertEquals(issuer + "/login/container", location, "the same path for every request");
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mcp_oauth_login="))
                .findFirst().orElseThrow(() -> new AssertionError("no sign-in cookie: " + r.headers().map()));
        assertTrue(cookie.contains("Path=/login/container") && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax"), cookie);
        return new SignIn(URI.create(location), cookie.split(";")[0]);
    }
}

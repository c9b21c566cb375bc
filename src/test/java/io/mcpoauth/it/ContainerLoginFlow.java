package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
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
     * header, signs in ada (and not the user the header names), and the code carries her; the sign-in link is
     * single use.
     */
    void codeFlowWhenSignedInByTheServer() throws Exception {
        URI signIn = signInLink("it-confidential", "c1", "mcp:read");

        HttpResponse<String> anonymous = Http.get(signIn, "");
        assertEquals(401, anonymous.statusCode(), "the server challenges: " + anonymous.body());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                anonymous.headers().map().toString());
        assertEquals(401, Http.get(signIn, "", "Authorization", Http.basic("ada", "not-her-password")).statusCode());
        assertEquals(401, Http.get(signIn, "", GATEWAY_HEADER, "ada").statusCode(),
                "a gateway header is no sign-in in container mode");

        HttpResponse<String> signedIn = Http.get(signIn, "", "Authorization", RealmUser.ADA.basic(),
                GATEWAY_HEADER, "mallory");
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        Map<String, String> q = PortableFlow.query(signedIn.headers().firstValue("Location").orElseThrow());
        assertEquals("c1", q.get("state"));
        assertEquals(issuer, q.get("iss"));

        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", q.get("code"));
        exchange.put("redirect_uri", "http://127.0.0.1:50001/callback");
        exchange.put("code_verifier", PortableFlow.VERIFIER);
        HttpResponse<String> tokens = Http.postForm(base, "token", exchange,
                "Authorization", Http.basic("it-confidential", "it-secret"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("ada", PortableFlow.introspect(base, Http.json(tokens).getString("access_token")).getString("sub"));

        HttpResponse<String> again = Http.get(signIn, "", "Authorization", RealmUser.ADA.basic());
        assertEquals(400, again.statusCode(), "a sign-in link is single use: " + again.body());
        assertTrue(again.headers().firstValue("Location").isEmpty());
    }

    /** A public client: after the server signs ada in, the consent page, approved without credentials. */
    void consentWhenPublicClientThenApprovedByTheSignedInUser() throws Exception {
        URI signIn = signInLink("it-public", "p1", "mcp:read");
        HttpResponse<String> page = Http.get(signIn, "", "Authorization", RealmUser.ADA.basic());
        assertEquals(200, page.statusCode(), "it-public is asked for consent: " + page.body());
        assertTrue(page.body().contains("ada"), page.body());
        Matcher action = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(action.find(), page.body());
        assertEquals(base.resolve("consent"), signIn.resolve(action.group(1)),
                "a browser posts the consent page shown at /login/container to /consent");
        HttpResponse<String> approved = Http.answerConsent(base, page, "approve");
        assertEquals(303, approved.statusCode(), approved.body());
        Map<String, String> q = PortableFlow.query(approved.headers().firstValue("Location").orElseThrow());
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", q.get("code"));
        exchange.put("client_id", "it-public");
        exchange.put("redirect_uri", "http://127.0.0.1:50002/callback");
        exchange.put("code_verifier", PortableFlow.VERIFIER);
        HttpResponse<String> tokens = Http.postForm(base, "token", exchange);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("ada", PortableFlow.introspect(base, Http.json(tokens).getString("access_token")).getString("sub"));
    }

    /**
     * bob is a realm user without the role: refused with a page, no redirect. A made-up, missing or spent
     * request id is refused after sign-in too.
     */
    void refusalsWhenUserLacksTheRoleOrTheLinkIsNotValid() throws Exception {
        URI signIn = signInLink("it-confidential", "b1", "mcp:read");
        HttpResponse<String> bob = Http.get(signIn, "", "Authorization", RealmUser.BOB.basic());
        assertEquals(403, bob.statusCode(), bob.body());
        assertTrue(bob.body().contains("access_denied"), bob.body());
        assertTrue(bob.headers().firstValue("Location").isEmpty());
        assertEquals("DENY", bob.headers().firstValue("X-Frame-Options").orElse(""));

        for (String link : new String[] {"login/container?request=made-up", "login/container"}) {
            HttpResponse<String> r = Http.get(base, link, "Authorization", RealmUser.ADA.basic());
            assertEquals(400, r.statusCode(), link + ": " + r.body());
            assertTrue(r.body().contains("invalid_request"), r.body());
        }
        // bob's refusal did not spend ada's chance on the same request.
        assertEquals(302, Http.get(signIn, "", "Authorization", RealmUser.ADA.basic()).statusCode());
    }

    /**
     * In any other login mode the path signs in nobody: the server may still challenge (the constraint is in
     * web.xml), but whoever it authenticates gets a 404, and {@code /authorize} never sends anyone there.
     */
    static void otherModeSignsInNobody(URI base, RealmUser user) throws Exception {
        HttpResponse<String> anonymous = Http.get(base, "login/container?request=x");
        assertTrue(anonymous.statusCode() == 401 || anonymous.statusCode() == 404,
                anonymous.statusCode() + " " + anonymous.body());
        assertTrue(anonymous.headers().firstValue("Location").isEmpty());
        HttpResponse<String> known = Http.get(base, "login/container?request=x", "Authorization", user.basic());
        // Not assertJsonError: Liberty adds no-cache=set-cookie to Cache-Control with its SSO cookie here.
        assertEquals(404, known.statusCode(), known.body());
        assertEquals("not_found", Http.json(known).getString("error"), known.body());
        assertTrue(known.headers().firstValue("Location").isEmpty());
        HttpResponse<String> spoofed = Http.get(base, "login/container?request=x", GATEWAY_HEADER, user.name());
        assertFalse(spoofed.statusCode() < 400, spoofed.statusCode() + " " + spoofed.body());
    }

    private URI signInLink(String client, String state, String scope) throws Exception {
        String redirect = "it-public".equals(client) ? "http://127.0.0.1:50002/callback"
                : "http://127.0.0.1:50001/callback";
        HttpResponse<String> r = Http.get(base, "authorize?response_type=code&client_id=" + client + "&redirect_uri="
                + Http.enc(redirect) + "&state=" + state + "&scope=" + Http.enc(scope) + "&code_challenge="
                + PortableFlow.CHALLENGE + "&code_challenge_method=S256");
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(issuer + "/login/container?request="), location);
        return URI.create(location);
    }
}

package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth steps of a flow over plain HTTP against one server, the same for every server a test starts: the
 * user signs in by the trusted gateway's header, consent is approved when a client is asked, codes are exchanged
 * with {@link Pkce}, the configuration's resource server introspects. Which clients exist is the server's
 * configuration ({@link StorageServers}, {@link PortableFlow}); the client is named at each step.
 */
final class FlowClient {

    /** The header the trusted gateway names the signed-in user in (header login mode). */
    static final String USER_HEADER = "X-Forwarded-User";
    /** RFC 7523 2.1: the grant type of a JWT authorization grant, such as an ID-JAG. */
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final URI base;
    private final TestClient resourceServer;

    /**
     * @param base           the application, e.g. {@code http://localhost:8181/}
     * @param resourceServer the configuration's client that may introspect any token
     */
    FlowClient(URI base, TestClient resourceServer) {
        this.base = Objects.requireNonNull(base, "base");
        this.resourceServer = Objects.requireNonNull(resourceServer, "resourceServer");
    }

    /** Against a server whose configuration has no resource server: it introspects nothing. */
    FlowClient(URI base) {
        this.base = Objects.requireNonNull(base, "base");
        this.resourceServer = null;
    }

    URI base() {
        return base;
    }

    /** The path and query of the client's authorization request with PKCE (S256); a null scope is left out. */
    static String authorizePath(TestClient client, String state, String scope) {
        return "authorize?response_type=code&client_id=" + Http.enc(client.id()) + "&redirect_uri="
                + Http.enc(client.redirect()) + "&state=" + Http.enc(state)
                + (scope == null ? "" : "&scope=" + Http.enc(scope)) + "&" + Pkce.PARAMETERS;
    }

    /** The client's authorization request for {@code mcp:read}, signed in as {@code user}, as it is answered. */
    HttpResponse<String> authorize(TestClient client, String user) throws Exception {
        return Http.get(base, authorizePath(client, "s", "mcp:read"), USER_HEADER, user);
    }

    /**
     * Authorizes as {@code user} and returns the code: a first-party client must be redirected at once, any other
     * has the consent page approved when it is shown.
     */
    String code(TestClient client, String user) throws Exception {
        HttpResponse<String> r = authorize(client, user);
        if (r.statusCode() == 200 && !client.firstParty()) {
            r = Http.answerConsent(base, r, "approve", USER_HEADER, user);
        }
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, r.statusCode() + " " + r.body());
        return Query.of(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    /** Exchanges a code sent to the client's redirect URI, with the PKCE verifier. */
    HttpResponse<String> exchange(TestClient client, String code) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", client.redirect());
        form.put("code_verifier", Pkce.VERIFIER);
        return Http.postForm(base, "token", form, client.authenticate(form));
    }

    HttpResponse<String> refresh(TestClient client, String refreshToken) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return Http.postForm(base, "token", form, client.authenticate(form));
    }

    /** Code flow end to end, with the code exchanged at this server: the token response. */
    JsonObject tokens(TestClient client, String user) throws Exception {
        HttpResponse<String> r = exchange(client, code(client, user));
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    /** Introspection by the configuration's resource server, as answered. */
    HttpResponse<String> introspect(String token) throws Exception {
        Objects.requireNonNull(resourceServer, "the server's configuration has no resource server");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        return Http.postForm(base, "introspect", form, resourceServer.authenticate(form));
    }

    /** Introspects the token (answered 200, or the step fails); the answer. */
    JsonObject introspection(String token) throws Exception {
        HttpResponse<String> r = introspect(token);
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    /** Whether the server says the token is active. */
    boolean active(String token) throws Exception {
        return introspection(token).getBoolean("active");
    }

    HttpResponse<String> revoke(TestClient client, String token) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        return Http.postForm(base, "revoke", form, client.authenticate(form));
    }

    /** Registers (RFC 7591) a public client with the code and refresh grants for {@code redirect}, as answered. */
    HttpResponse<String> registerResponse(String redirect) throws Exception {
        return Http.post(base, "register", "application/json", "{\"redirect_uris\":[\"" + redirect + "\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"client_name\":\"Registered app\"}");
    }

    /** Registers a public client for {@code redirect} (answered 201, or the step fails). */
    TestClient register(String redirect) throws Exception {
        HttpResponse<String> r = registerResponse(redirect);
        assertEquals(201, r.statusCode(), r.body());
        return TestClient.publicClient(Http.json(r).getString("client_id"), redirect);
    }

    /** Registers a machine client ({@code client_credentials}, {@code client_secret_basic}), as answered. */
    HttpResponse<String> registerMachineResponse(String name) throws Exception {
        return Http.post(base, "register", "application/json", "{\"grant_types\":[\"client_credentials\"],"
                + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_name\":\"" + name + "\","
                + "\"scope\":\"mcp:read\"}");
    }

    /** Registers a machine client (answered 201, or the step fails): its id and secret. */
    TestClient registerMachine(String name) throws Exception {
        HttpResponse<String> r = registerMachineResponse(name);
        assertEquals(201, r.statusCode(), r.body());
        JsonObject c = Http.json(r);
        return TestClient.confidential(c.getString("client_id"), c.getString("client_secret"), null, false);
    }

    /** A {@code client_credentials} token request of a confidential client, as answered. */
    HttpResponse<String> clientCredentials(TestClient client) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return Http.postForm(base, "token", form, client.authenticate(form));
    }

    /**
     * A JWT authorization grant (RFC 7523 2.1), here an ID-JAG, presented by a confidential client, as answered.
     */
    HttpResponse<String> jwtBearer(TestClient client, String assertion) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", JWT_BEARER);
        form.put("assertion", assertion);
        return Http.postForm(base, "token", form, client.authenticate(form));
    }

    /**
     * A {@code client_credentials} token request authenticated by a signed client assertion alone (RFC 7523 2.2:
     * no {@code client_id}, the assertion names the client), as answered.
     */
    HttpResponse<String> clientCredentialsAsserted(String clientAssertion) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", clientAssertion);
        return Http.postForm(base, "token", form);
    }
}

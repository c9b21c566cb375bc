package io.mcpoauth.it;

import static io.mcpoauth.it.ContainerDeployment.BASE;
import static io.mcpoauth.it.PortableFlow.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.jose.TestKeys;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a client sees over HTTP on the deployed WAR: health, metadata, the shape of every error (JSON with
 * {@code Cache-Control: no-store}, pages for the browser, redirects only to registered URIs), and
 * dynamic registration followed by a flow with the registered client.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HttpSurfaceIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ContainerDeployment.builtWar();
    }

    @BeforeEach
    void deployed() {
        ContainerDeployment.assertDeployedAtRoot(deploymentUrl);
    }

    @Test
    void healthWhenDeployedThenReadyWithStorageCheckAndLive() throws Exception {
        HttpResponse<String> ready = Http.get(BASE, "health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", Http.json(ready).getString("status"));
        assertTrue(ready.body().contains("mcp-oauth-storage"), ready.body());
        HttpResponse<String> live = Http.get(BASE, "health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("mcp-oauth"), live.body());
    }

    @Test
    void metadataWhenFetchedThenEndpointsAdvertisedAndNoNulls() throws Exception {
        HttpResponse<String> r = Http.get(BASE, ".well-known/oauth-authorization-server");
        assertEquals(200, r.statusCode());
        JsonObject m = Http.json(r);
        assertEquals("http://localhost:8080", m.getString("issuer"));
        assertEquals("http://localhost:8080/token", m.getString("token_endpoint"));
        assertEquals("http://localhost:8080/register", m.getString("registration_endpoint"));
        assertEquals("[\"S256\"]", m.get("code_challenge_methods_supported").toString());
        assertTrue(m.getBoolean("authorization_response_iss_parameter_supported"));
        assertTrue(m.getBoolean("client_id_metadata_document_supported"));
        assertFalse(m.values().contains(JsonValue.NULL));
    }

    @Test
    void corsWhenBrowserClientThenAllowedOnTokenAndMetadataButNotAuthorize() throws Exception {
        HttpResponse<String> meta = Http.get(BASE, ".well-known/oauth-authorization-server", "Origin", "https://app.example");
        assertEquals("*", meta.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> preflight = Http.send(BASE, "token", "OPTIONS", "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST");
        assertTrue(preflight.statusCode() < 300, preflight.body());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertFalse(preflight.body().contains("wadl"), "no generated WADL: " + preflight.body());
        HttpResponse<String> authorize = Http.get(BASE, "authorize?client_id=nobody", "Origin", "https://app.example");
        assertTrue(authorize.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void tokenWhenWrongMethodMediaTypeOrCredentialsThenJsonErrors() throws Exception {
        PortableFlow.tokenEndpointErrors(BASE);
        assertJsonError(Http.postForm(BASE, "token", Map.of("grant_type", "password"),
                "Authorization", Http.basic("it-machine", "it-secret")), 400, "unsupported_grant_type");
    }

    @Test
    void authorizeWhenClientOrRedirectUriBadThenPageNeverRedirect() throws Exception {
        for (String query : new String[] {
                "response_type=code&client_id=nobody&redirect_uri=http://127.0.0.1/callback",
                "response_type=code&client_id=it-confidential&redirect_uri=https://evil.example/cb"}) {
            HttpResponse<String> r = Http.get(BASE, "authorize?" + query + "&" + Pkce.PARAMETERS,
                    "X-Forwarded-User", "ada");
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Location").isEmpty());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""));
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        }
    }

    @Test
    void authorizeWhenPkcePlainThenRedirectedWithErrorStateAndIssuer() throws Exception {
        HttpResponse<String> r = Http.get(BASE, "authorize?response_type=code&client_id=it-public"
                + "&redirect_uri=http://127.0.0.1:5000/callback&state=s1&code_challenge=" + Pkce.CHALLENGE
                + "&code_challenge_method=plain", "X-Forwarded-User", "ada");
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://127.0.0.1:5000/callback?error=invalid_request"), location);
        assertTrue(location.contains("state=s1") && location.contains("iss=http%3A%2F%2Flocalhost%3A8080"), location);
    }

    @Test
    void authorizeWhenNoTrustedGatewayHeaderThenLoginRequiredPage() throws Exception {
        HttpResponse<String> r = Http.get(BASE, "authorize?response_type=code&client_id=it-public"
                + "&redirect_uri=http://127.0.0.1/callback&" + Pkce.PARAMETERS);
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void registerThenAuthorizeAndExchangeWithTheRegisteredPublicClient() throws Exception {
        HttpResponse<String> bad = Http.post(BASE, "register", "application/json",
                "{\"redirect_uris\":[\"http://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"}");
        assertJsonError(bad, 400, "invalid_redirect_uri");
        assertJsonError(Http.post(BASE, "register", "application/json", "not json"), 400, "invalid_client_metadata");

        HttpResponse<String> created = Http.post(BASE, "register", "application/json",
                "{\"redirect_uris\":[\"http://127.0.0.1/callback\"],\"token_endpoint_auth_method\":\"none\","
                        + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"client_name\":\"IT app\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonObject client = Http.json(created);
        assertFalse(client.containsKey("client_secret"));
        TestClient registered = TestClient.publicClient(client.getString("client_id"),
                "http://127.0.0.1:61000/callback");

        HttpResponse<String> authorized = Http.get(BASE, FlowClient.authorizePath(registered, "st", null)
                + "&resource=" + Http.enc("https://mcp.example.com/mcp"),
                "X-Forwarded-User", "grace", "X-Forwarded-Email", "grace@example.com",
                "X-Forwarded-Groups", "mcp-users,Domain Admins");
        assertEquals(200, authorized.statusCode(), "a new client asks for consent: " + authorized.body());
        assertTrue(authorized.body().contains("IT app") && authorized.body().contains("127.0.0.1"));
        assertTrue(authorized.body().contains("grace@example.com"), "the page names the user's address too");
        assertTrue(authorized.headers().firstValue("Set-Cookie").orElse("").contains("SameSite=Strict"));
        authorized = Http.answerConsent(BASE, authorized, "approve", "X-Forwarded-User", "grace");
        assertEquals(303, authorized.statusCode(), authorized.body());
        String code = Query.of(authorized.headers().firstValue("Location").orElseThrow()).get("code");

        FlowClient flow = PortableFlow.flow(BASE);
        HttpResponse<String> tokens = flow.exchange(registered, code);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("no-store", tokens.headers().firstValue("Cache-Control").orElse(""));
        JsonObject t = Http.json(tokens);
        assertEquals("Bearer", t.getString("token_type"));
        assertEquals(3600, t.getInt("expires_in"));
        assertFalse(t.getString("refresh_token").isEmpty());

        // The gateway's e-mail and groups headers reach the resource server through introspection.
        HttpResponse<String> introspected = flow.introspect(t.getString("access_token"));
        JsonObject claims = Http.json(introspected);
        assertTrue(claims.getBoolean("active"), introspected.body());
        assertEquals("grace", claims.getString("sub"));
        assertEquals("grace@example.com", claims.getString("email"));
        assertEquals(List.of("mcp-users", "Domain Admins"),
                claims.getJsonArray("groups").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).toList());

        HttpResponse<String> again = flow.exchange(registered, code);
        assertJsonError(again, 400, "invalid_grant");
    }

    @Test
    void consentWhenDeniedForgedOrAnsweredByAnotherUserThenNoCode() throws Exception {
        String authorize = "authorize?response_type=code&client_id=it-public&redirect_uri="
                + Http.enc("http://127.0.0.1/callback") + "&state=q&" + Pkce.PARAMETERS + "&scope="
                + Http.enc("mcp:read mcp:write");
        HttpResponse<String> page = Http.get(BASE, authorize, "X-Forwarded-User", "heidi");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<li>Read your tools &amp; resources <code>mcp:read</code></li>"), page.body());
        assertTrue(page.body().contains("<li><code>mcp:write</code></li>"), "no description configured");
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        HttpResponse<String> denied = Http.answerConsent(BASE, page, "deny", "X-Forwarded-User", "heidi");
        assertEquals(303, denied.statusCode());
        Map<String, String> q = Query.of(denied.headers().firstValue("Location").orElseThrow());
        assertEquals("access_denied", q.get("error"));
        assertEquals("q", q.get("state"));

        HttpResponse<String> other = Http.get(BASE, authorize, "X-Forwarded-User", "heidi");
        HttpResponse<String> mallory = Http.answerConsent(BASE, other, "approve", "X-Forwarded-User", "mallory");
        assertEquals(403, mallory.statusCode(), mallory.body());
        assertTrue(mallory.headers().firstValue("Location").isEmpty());

        HttpResponse<String> third = Http.get(BASE, authorize, "X-Forwarded-User", "heidi");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("request", "guessed");
        forged.put("csrf", "guessed");
        forged.put("decision", "approve");
        HttpResponse<String> csrf = Http.postForm(BASE, "consent", forged, "X-Forwarded-User", "heidi");
        assertEquals(400, csrf.statusCode());
        assertEquals(200, third.statusCode());
    }

    @Test
    void authorizeWhenScopeUnknownOrResourceMalformedThenRedirectedWithTheRfcError() throws Exception {
        String base = "authorize?response_type=code&client_id=it-confidential&redirect_uri="
                + Http.enc("http://127.0.0.1/callback") + "&state=e&" + Pkce.PARAMETERS;
        HttpResponse<String> scope = Http.get(BASE, base + "&scope=admin", "X-Forwarded-User", "ada");
        assertTrue(scope.headers().firstValue("Location").orElse("").contains("error=invalid_scope"), scope.body());
        HttpResponse<String> target = Http.get(BASE, base + "&resource=" + Http.enc("https://mcp.example.com/#x"),
                "X-Forwarded-User", "ada");
        assertTrue(target.headers().firstValue("Location").orElse("").contains("error=invalid_target"),
                target.body());
    }

    @Test
    void authorizeWhenClientIdMetadataDocumentOnLoopbackThenRefusedWithoutRedirect() throws Exception {
        HttpResponse<String> r = Http.get(BASE, "authorize?response_type=code&client_id="
                + Http.enc("https://127.0.0.1:1/client.json") + "&redirect_uri=" + Http.enc("http://127.0.0.1/callback")
                + "&" + Pkce.PARAMETERS, "X-Forwarded-User", "ada");
        assertEquals(401, r.statusCode(), r.body());
        // The reason (a non-public address) goes to the log only: the caller learns nothing of what was tried.
        assertTrue(r.body().contains("client metadata document could not be used"), r.body());
        assertFalse(r.body().contains("non-public"), r.body());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void tokenWhenClientFailsAuthenticationTooOftenThenLockedWith429AndRetryAfter() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 11; i++) {
            last = Http.postForm(BASE, "token", Map.of("grant_type", "client_credentials"),
                    "Authorization", Http.basic("brute-force-target", "guess-" + i));
        }
        assertJsonError(last, 429, "temporarily_unavailable");
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    @Test
    void tokenWhenRandomIdsFailThroughTheTrustedProxyThenAnotherClientBehindItIsServed() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 31; i++) {
            last = Http.postForm(BASE, "token", Map.of("grant_type", "client_credentials"),
                    "Authorization", Http.basic("random-" + i, "guess"), "X-Forwarded-For", "1.2.3.4, 198.51.100.7");
        }
        assertJsonError(last, 429, "temporarily_unavailable");
        HttpResponse<String> machine = Http.postForm(BASE, "token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic("it-machine", "it-secret"), "X-Forwarded-For", "1.2.3.4, 198.51.100.8");
        assertEquals(200, machine.statusCode(), machine.body());
    }

    @Test
    void authorizeWhenOverThePerAddressLimitThenPageWith429AndRetryAfter() throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 301; i++) {
            last = Http.get(BASE, "authorize?response_type=code&client_id=it-public", "X-Forwarded-For",
                    "198.51.100.9");
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(last.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), last.body());
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
        HttpResponse<String> other = Http.get(BASE, "authorize?response_type=code&client_id=it-public",
                "X-Forwarded-For", "198.51.100.10");
        assertTrue(other.statusCode() != 429, "another address is not throttled: " + other.statusCode());
    }

    /**
     * A client registered with {@code private_key_jwt} and its public key authenticates with a signed assertion
     * (as the MCP TypeScript SDK's PrivateKeyJwtProvider sends one: typ JWT, aud the token endpoint); the same
     * assertion a second time is a replay.
     */
    @Test
    void registerWithJwksThenAssertionAuthenticatesOnceAndMetadataListsTheMethod() throws Exception {
        JsonObject m = Http.json(Http.get(BASE, ".well-known/oauth-authorization-server"));
        assertTrue(m.get("token_endpoint_auth_methods_supported").toString().contains("private_key_jwt"));
        assertTrue(m.get("token_endpoint_auth_signing_alg_values_supported").toString().contains("ES256"));

        ECKey key = TestKeys.ec("it-1");
        HttpResponse<String> registered = Http.post(BASE, "register", "application/json",
                "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks\":" + new JWKSet(key.toPublicJWK()) + "}");
        assertEquals(201, registered.statusCode(), registered.body());
        String clientId = Http.json(registered).getString("client_id");
        assertFalse(Http.json(registered).containsKey("client_secret"));

        String assertion = TestKeys.sign(key, new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID("it-1"), new JWTClaimsSet.Builder().issuer(clientId).subject(clientId)
                .audience("http://localhost:8080/token").jwtID(UUID.randomUUID().toString())
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "not-a-token");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        HttpResponse<String> revoked = Http.postForm(BASE, "revoke", form);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertJsonError(Http.postForm(BASE, "revoke", form), 401, "invalid_client");
    }
}

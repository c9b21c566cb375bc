package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.it.jwtrs.CallerResource;
import io.mcpoauth.it.jwtrs.ProtectedApplication;
import io.mcpoauth.jose.TestKeys;
import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * JWT access tokens validated where they are used: a JAX-RS resource server protected by MicroProfile JWT
 * ({@link ProtectedApplication}, a WAR of its own) runs on Payara Micro beside mcp-oauth, configured with nothing
 * but {@code mp.jwt.verify.publickey.location} (mcp-oauth's {@code jwks_uri}), {@code mp.jwt.verify.issuer} and
 * {@code mp.jwt.verify.audiences}. It accepts the tokens of a real code flow (the user's groups are its roles) and
 * of client credentials, and refuses a token for another resource, an expired one, and ones signed by a key
 * mcp-oauth never published.
 *
 * <p>The server is this test's own: {@code mcp.oauth.token.format=jwt} with a short JWT lifetime, so that a token
 * taken at the start has expired by the last test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MicroProfileJwtIT {

    /** bcrypt (cost 10) of "it-secret". */
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";
    private static final TestClient APP = TestClient.confidential("jwt-app", "it-secret", "http://127.0.0.1/callback",
            true);
    private static final TestClient MACHINE = TestClient.confidential("jwt-machine", "it-secret", null, false);
    private static final String OTHER_RESOURCE = "https://other.example.com/mcp";
    /** Long enough for every step before the last, which waits for the first token's expiry. */
    private static final Duration JWT_LIFETIME = Duration.ofSeconds(15);

    private static PayaraProcess server;
    private static FlowClient flow;
    private static URI resourceServer;
    private static String resource;
    /** Taken before any test runs; expired by the last one. */
    private static String early;

    @BeforeAll
    static void start() throws Exception {
        int port = LoopbackPorts.free();
        String issuer = "http://localhost:" + port;
        resource = issuer + "/jwt-rs";
        File war = resourceServerWar();
        server = PayaraProcess.start(port, configuration(issuer), "--deploy", war.getPath());
        flow = new FlowClient(server.base());
        resourceServer = URI.create(resource + "/");
        awaitResourceServer();
        early = machineToken(resource);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static Map<String, String> configuration(String issuer) throws Exception {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mcp.oauth.issuer", issuer);
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.login.header", FlowClient.USER_HEADER);
        c.put("mcp.oauth.login.header-groups", "X-Forwarded-Groups");
        c.put("mcp.oauth.login.trusted-proxies", "127.0.0.1/32,::1/128");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.resources", issuer + "/jwt-rs," + OTHER_RESOURCE);
        c.put("mcp.oauth.token.format", "jwt");
        c.put("mcp.oauth.token.jwt-lifetime", JWT_LIFETIME.toSeconds() + "s");
        c.putAll(providedKey());
        // Payara's MicroProfile JWT accepts typ "JWT" only (an at+jwt token is refused with 401), unless the
        // resource server sets its own disable.type.verification: the server gives it what it accepts.
        c.put("mcp.oauth.token.jwt-typ", "JWT");
        c.put("mcp.oauth.clients", "jwt-app,jwt-machine");
        c.put("mcp.oauth.client.jwt-app.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.jwt-app.redirect-uris", APP.redirect());
        c.put("mcp.oauth.client.jwt-app.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.client.jwt-machine.secret-hash", SECRET_HASH);
        c.put("mcp.oauth.client.jwt-machine.grant-types", "client_credentials");
        c.put("mcp.oauth.client.jwt-machine.scopes", "mcp:read");
        c.put("mcp.oauth.consent", "skip-for");
        c.put("mcp.oauth.consent.skip-for", "jwt-app");
        // The resource server's whole configuration: MicroProfile Config of the same server process.
        c.put("mp.jwt.verify.publickey.location", issuer + "/jwks");
        c.put("mp.jwt.verify.issuer", issuer);
        c.put("mp.jwt.verify.audiences", resource);
        return c;
    }

    /** The settings of a signing key the operator provides, made for this run. */
    static Map<String, String> providedKey() throws Exception {
        return Map.of("mcp.oauth.jwt.keys", "it-signing-1", "mcp.oauth.jwt.key.it-signing-1.pem", ecPrivateKeyPem());
    }

    /** A new EC P-256 private key as PKCS#8 PEM, as {@code openssl genpkey} writes it. */
    private static String ecPrivateKeyPem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(g.generateKeyPair().getPrivate()
                        .getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The resource server's WAR, written to target/. */
    private static File resourceServerWar() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "jwt-rs.war")
                .addClasses(ProtectedApplication.class, CallerResource.class)
                // Discovery "all": Payara installs MicroProfile JWT when the @LoginConfig class is a bean, and an
                // empty beans.xml means "annotated" since CDI 4.
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"all\"/>"), "beans.xml")
                .addAsWebInfResource(new StringAsset("""
                        <payara-web-app>
                          <security-role-mapping>
                            <role-name>mcp-users</role-name>
                            <group-name>mcp-users</group-name>
                          </security-role-mapping>
                        </payara-web-app>
                        """), "payara-web.xml");
        File file = new File(new File(System.getProperty(ContainerDeployment.WAR_PROPERTY, "target/mcp-oauth.war"))
                .getAbsoluteFile().getParentFile(), "jwt-rs.war");
        war.as(ZipExporter.class).exportTo(file, true);
        return file;
    }

    /** mcp-oauth answers first; the second WAR may deploy a moment later. */
    private static void awaitResourceServer() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Http.get(resourceServer, "caller").statusCode() == 401) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the resource server did not deploy: " + server.tail());
    }

    private static String machineToken(String forResource) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("resource", forResource);
        HttpResponse<String> r = Http.postForm(server.base(), "token", form, MACHINE.authenticate(form));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(JWT_LIFETIME.toSeconds(), Http.json(r).getJsonNumber("expires_in").longValue());
        return Http.json(r).getString("access_token");
    }

    private static HttpResponse<String> call(String path, String token) throws Exception {
        return Http.get(resourceServer, path, "Authorization", "Bearer " + token);
    }

    private static String diagnosis(HttpResponse<String> r) {
        try {
            return r.statusCode() + " " + r.body() + "\nserver log:\n" + server.tail();
        } catch (Exception e) {
            return r.statusCode() + " " + r.body();
        }
    }

    /** The token with the same header (kid included) and claims, signed by a key mcp-oauth never published. */
    private static String resigned(String token, String kid) throws Exception {
        SignedJWT real = SignedJWT.parse(token);
        return TestKeys.sign(TestKeys.ec(kid), new JWSHeader.Builder(real.getHeader()).keyID(kid),
                real.getJWTClaimsSet());
    }

    @Test
    @Order(1)
    void discoveryWhenJwtsThenJwksUriIsTheConfiguredLocationAndNoOpenIdDocument() throws Exception {
        HttpResponse<String> metadata = Http.get(server.base(), ".well-known/oauth-authorization-server");
        assertEquals(server.base().resolve("jwks").toString(), Http.json(metadata).getString("jwks_uri"));
        // Spring Security's issuer-uri tries OpenID discovery first and moves on to RFC 8414 on a 4xx.
        assertEquals(404, Http.get(server.base(), ".well-known/openid-configuration").statusCode());
    }

    @Test
    @Order(2)
    void codeFlowTokenWhenPresentedThenAcceptedWithTheUsersGroupsAsRoles() throws Exception {
        HttpResponse<String> authorized = Http.get(server.base(), FlowClient.authorizePath(APP, "s", "mcp:read")
                + "&resource=" + Http.enc(resource), FlowClient.USER_HEADER, "alice", "X-Forwarded-Groups",
                "mcp-users");
        assertEquals(302, authorized.statusCode(), authorized.body());
        String code = Query.of(authorized.headers().firstValue("Location").orElseThrow()).get("code");
        HttpResponse<String> tokens = flow.exchange(APP, code);
        assertEquals(200, tokens.statusCode(), tokens.body());
        String token = Http.json(tokens).getString("access_token");

        HttpResponse<String> caller = call("caller", token);
        assertEquals(200, caller.statusCode(), () -> diagnosis(caller));
        assertEquals("alice jwt-app mcp-users", caller.body());
        HttpResponse<String> members = call("members", token);
        assertEquals(200, members.statusCode(), () -> diagnosis(members));
        assertEquals("member alice", members.body());
        assertEquals(401, Http.get(resourceServer, "caller").statusCode(), "no token, no entry");
    }

    @Test
    @Order(3)
    void clientCredentialsTokenWhenPresentedThenAcceptedWithoutTheUsersRole() throws Exception {
        String token = machineToken(resource);
        HttpResponse<String> caller = call("caller", token);
        assertEquals(200, caller.statusCode(), () -> diagnosis(caller));
        assertEquals("jwt-machine jwt-machine ", caller.body());
        assertEquals(403, call("members", token).statusCode());
    }

    @Test
    @Order(4)
    void tokenForAnotherResourceWhenPresentedThenRefused() throws Exception {
        String token = machineToken(OTHER_RESOURCE);
        assertEquals(OTHER_RESOURCE, SignedJWT.parse(token).getJWTClaimsSet().getAudience().get(0));
        assertEquals(401, call("caller", token).statusCode());
    }

    @Test
    @Order(5)
    void tokenSignedByAKeyNeverPublishedThenRefused() throws Exception {
        String token = machineToken(resource);
        String kid = SignedJWT.parse(token).getHeader().getKeyID();
        assertEquals(200, call("caller", token).statusCode(), "the real token is good");
        assertEquals(401, call("caller", resigned(token, kid)).statusCode(), "same kid, another key");
        assertEquals(401, call("caller", resigned(token, "never-published")).statusCode(), "unknown kid");
    }

    @Test
    @Order(6)
    void tokenWhenExpiredThenRefused() throws Exception {
        Instant expiry = SignedJWT.parse(early).getJWTClaimsSet().getExpirationTime().toInstant();
        while (!Instant.now().isAfter(expiry.plusSeconds(1))) {
            Thread.sleep(250);
        }
        assertEquals(401, call("caller", early).statusCode());
        assertTrue(call("caller", machineToken(resource)).statusCode() == 200, "a fresh token still passes");
    }
}

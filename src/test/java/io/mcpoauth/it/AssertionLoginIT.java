package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code assertion} login mode on the deployed WAR: the gateway's signed JWT, verified with the bundled
 * JOSE library against an inline key set, makes the user; a forged or expired one makes nobody.
 */
class AssertionLoginIT {

    private static final String HEADER = "X-Pomerium-Jwt-Assertion";
    private static ECKey gatewayKey;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        gatewayKey = new ECKeyGenerator(Curve.P_256).keyID("gw-1").generate();
        Map<String, String> p = new HashMap<>();
        p.put("mcp.oauth.issuer", "http://localhost:8787");
        p.put("mcp.oauth.login.mode", "assertion");
        p.put("mcp.oauth.login.assertion.header", HEADER);
        p.put("mcp.oauth.login.assertion.jwks", new JWKSet(gatewayKey.toPublicJWK()).toString());
        p.put("mcp.oauth.login.assertion.issuer", "https://gateway.example.com");
        p.put("mcp.oauth.login.assertion.audience", "https://auth.example.com");
        p.put("mcp.oauth.login.assertion.subject-claim", "email");
        p.put("mcp.oauth.clients", "sso-app");
        p.put("mcp.oauth.client.sso-app.redirect-uris", "http://127.0.0.1/callback");
        p.put("mcp.oauth.consent", "skip-for");
        p.put("mcp.oauth.consent.skip-for", "sso-app");
        server = PayaraProcess.start(8787, p);
    }

    @AfterAll
    static void stop() throws Exception {
        Stop.all(server);
    }

    private static String assertion(ECKey key, String audience, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("https://gateway.example.com").audience(audience)
                        .subject("u-123").claim("email", "ada@example.com")
                        .issueTime(new Date()).expirationTime(Date.from(expires)).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> authorize(String jwt) throws Exception {
        String path = "authorize?response_type=code&client_id=sso-app&redirect_uri="
                + Http.enc("http://127.0.0.1/callback") + "&state=s&" + Pkce.PARAMETERS;
        return jwt == null ? Http.get(server.base(), path) : Http.get(server.base(), path, HEADER, jwt);
    }

    @Test
    void authorizeWhenGatewayAssertionValidThenCodeForTheEmailClaim() throws Exception {
        HttpResponse<String> r = authorize(assertion(gatewayKey, "https://auth.example.com",
                Instant.now().plusSeconds(300)));
        assertEquals(302, r.statusCode(), r.body() + server.tail());
        assertTrue(r.headers().firstValue("Location").orElse("").contains("code="));
    }

    @Test
    void authorizeWhenAssertionForgedExpiredForOtherAudienceOrMissingThenLoginRequired() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("gw-1").generate();
        for (String jwt : new String[] {
                assertion(attacker, "https://auth.example.com", Instant.now().plusSeconds(300)),
                assertion(gatewayKey, "https://auth.example.com", Instant.now().minusSeconds(3600)),
                assertion(gatewayKey, "https://other.example.com", Instant.now().plusSeconds(300)),
                "not-a-jwt", null}) {
            HttpResponse<String> r = authorize(jwt);
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Location").isEmpty());
        }
    }
}

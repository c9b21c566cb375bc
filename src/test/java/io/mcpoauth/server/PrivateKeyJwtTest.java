package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimitedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 2.2 and 3) at the token, introspection and revocation
 * endpoints, for configured clients: {@code signer} (an RSA key inline, the default algorithms) and
 * {@code ecsigner} (an EC key from a file, ES256 only).
 */
class PrivateKeyJwtTest {

    private static final String ISSUER = "https://as.example.com";
    private static final String TOKEN_ENDPOINT = ISSUER + "/token";
    static final RSAKey RSA = TestKeys.rsa("rsa-1");
    static final ECKey EC = TestKeys.ec("ec-1");
    private static final RSAKey OTHER_RSA = TestKeys.rsa("rsa-1");
    private static final RequestContext FROM = new RequestContext("127.0.0.215");

    private final ProviderFixture f = new ProviderFixture(clients(Map.of()));
    @AutoClose
    private final LogCapture audit = new LogCapture(AuditLog.LOGGER_NAME);

    static Map<String, String> clients(Map<String, String> more) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.clients", "app,cli,svc,rs,signer,ecsigner");
        c.put("mcp.oauth.client.signer.auth-method", "private_key_jwt");
        c.put("mcp.oauth.client.signer.jwks", new JWKSet(RSA.toPublicJWK()).toString());
        c.put("mcp.oauth.client.signer.grant-types", "client_credentials");
        c.put("mcp.oauth.client.signer.scopes", "mcp:read");
        c.put("mcp.oauth.client.ecsigner.auth-method", "private_key_jwt");
        c.put("mcp.oauth.client.ecsigner.jwks-file", ecKeyFile().toString());
        c.put("mcp.oauth.client.ecsigner.algorithms", "ES256");
        c.put("mcp.oauth.client.ecsigner.grant-types", "client_credentials");
        c.putAll(more);
        return c;
    }

    private static Path ecKeyFile() {
        try {
            Path file = Files.createTempFile("ecsigner", ".jwks");
            file.toFile().deleteOnExit();
            Files.writeString(file, new JWKSet(EC.toPublicJWK()).toString(), StandardCharsets.UTF_8);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Claims of a good assertion of the client at the fixture's time, for a test to change. */
    JWTClaimsSet.Builder claims(String clientId) {
        Instant now = f.clock.instant();
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(TOKEN_ENDPOINT)
                .expirationTime(Date.from(now.plusSeconds(60))).issueTime(Date.from(now))
                .jwtID(UUID.randomUUID().toString());
    }

    /** As the MCP TypeScript SDK's PrivateKeyJwtProvider signs: typ JWT, the key's kid. */
    static String sign(JWK key, JWTClaimsSet claims) {
        JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        return TestKeys.sign(key, new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(key.getKeyID()), claims);
    }

    String assertion(String clientId) {
        return sign(RSA, claims(clientId).build());
    }

    static Map<String, String> withAssertion(Map<String, String> form, String assertion) {
        form.put("client_assertion_type", ClientAssertionVerifier.TYPE);
        form.put("client_assertion", assertion);
        return form;
    }

    static Map<String, String> machineForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return form;
    }

    TokenResponse tokenWith(String assertion) {
        return f.token(withAssertion(machineForm(), assertion), null, FROM);
    }

    String refusal(String assertion) {
        return assertThrows(OAuthException.class, () -> tokenWith(assertion)).error().code();
    }

    String refusal(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = claims("signer");
        change.accept(b);
        return refusal(sign(RSA, b.build()));
    }

    // Accepted

    @Test
    void tokenWhenAssertionForTokenEndpointThenIssued() {
        TokenResponse t = tokenWith(assertion("signer"));
        assertNotNull(t.accessToken());
        assertEquals("mcp:read", t.scope());
    }

    @Test
    void tokenWhenAudienceIsIssuerAndClientIdMatchesThenIssued() {
        Map<String, String> form = withAssertion(machineForm(), sign(RSA, claims("signer").audience(ISSUER).build()));
        form.put("client_id", "signer");
        assertNotNull(f.token(form, null, FROM).accessToken());
    }

    @Test
    void tokenWhenEcKeyFromFileThenIssued() {
        assertNotNull(tokenWith(sign(EC, claims("ecsigner").build())).accessToken());
    }

    @Test
    void introspectAndRevokeWhenAssertionThenAuthenticated() {
        String token = tokenWith(assertion("signer")).accessToken();
        Map<String, Object> m = f.introspection().introspect(ProviderFixture.form(
                withAssertion(new LinkedHashMap<>(Map.of("token", token)), assertion("signer"))), null, FROM);
        assertEquals(true, m.get("active"));
        assertEquals("signer", m.get("client_id"));

        f.revocation().revoke(ProviderFixture.form(
                withAssertion(new LinkedHashMap<>(Map.of("token", token)), assertion("signer"))), null, FROM);
        assertEquals(false, f.introspection().introspect(ProviderFixture.form(
                withAssertion(new LinkedHashMap<>(Map.of("token", token)), assertion("signer"))), null, FROM)
                .get("active"));
    }

    @Test
    void tokenWhenIssuedOrRefusedThenAuditSaysMethodAndNeverTheAssertion() {
        String good = assertion("signer");
        tokenWith(good);
        refusal(good);
        f.audit.close();
        List<String> lines = audit.messages().stream().filter(l -> l.contains(FROM.remoteAddress())).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"token.issued\"")
                && l.contains("\"auth_method\":\"private_key_jwt\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"event\":\"token.rejected\"")
                && l.contains("\"auth_method\":\"private_key_jwt\"")), lines.toString());
        String signature = good.substring(good.lastIndexOf('.') + 1, good.lastIndexOf('.') + 20);
        assertFalse(lines.stream().anyMatch(l -> l.contains(signature) || l.contains(good.substring(0, 30))),
                lines.toString());
    }

    // Refused: the assertion

    @Test
    void tokenWhenReplayedThenInvalidClient() {
        String once = assertion("signer");
        tokenWith(once);
        assertEquals("invalid_client", refusal(once));
    }

    @Test
    void tokenWhenSignedWithAnotherKeyOfTheSameKidThenInvalidClient() {
        assertEquals("invalid_client", refusal(sign(OTHER_RSA, claims("signer").build())));
    }

    @Test
    void tokenWhenAlgorithmNotAllowedForClientThenInvalidClient() {
        // ecsigner allows ES256 only; an RS256 assertion, even with a key it might hold, is refused.
        assertEquals("invalid_client", refusal(sign(RSA, claims("ecsigner").build())));
    }

    @Test
    void tokenWhenHs256WithThePublicKeyAsSecretThenInvalidClient() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .keyID("rsa-1").build(), claims("signer").build());
        byte[] publicKey = RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(publicKey));
        assertEquals("invalid_client", refusal(jwt.serialize()));
    }

    @Test
    void tokenWhenAlgNoneThenInvalidClient() {
        assertEquals("invalid_client", refusal(new PlainJWT(claims("signer").build()).serialize()));
    }

    @Test
    void tokenWhenIssuerAndSubjectDifferThenInvalidClient() {
        assertEquals("invalid_client", refusal(b -> b.issuer("ecsigner")));
    }

    @Test
    void tokenWhenAudienceIsAnotherServerThenInvalidClient() {
        assertEquals("invalid_client", refusal(b -> b.audience("https://other.example.com/token")));
    }

    @Test
    void tokenWhenExpiredThenInvalidClient() {
        Instant now = f.clock.instant();
        assertEquals("invalid_client", refusal(b -> b.issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120)))));
    }

    @Test
    void tokenWhenExpiryFurtherThanMaxLifetimeThenInvalidClient() {
        Instant now = f.clock.instant();
        assertEquals("invalid_client", refusal(b -> b.expirationTime(Date.from(now.plus(Duration.ofMinutes(30))))));
    }

    @Test
    void tokenWhenIssuedInTheFutureThenInvalidClient() {
        Instant now = f.clock.instant();
        assertEquals("invalid_client", refusal(b -> b.issueTime(Date.from(now.plusSeconds(300)))));
    }

    @Test
    void tokenWhenJtiMissingThenInvalidClient() {
        assertEquals("invalid_client", refusal(b -> b.jwtID(null)));
    }

    @Test
    void tokenWhenAssertionUnreadableThenInvalidClient() {
        assertEquals("invalid_client", refusal("not.a.jwt"));
    }

    // Refused: the request

    @Test
    void tokenWhenClientIdIsAnotherClientThenInvalidClient() {
        Map<String, String> form = withAssertion(machineForm(), assertion("signer"));
        form.put("client_id", "ecsigner");
        assertEquals("invalid_client", assertThrows(OAuthException.class, () -> f.token(form, null, FROM))
                .error().code());
    }

    @Test
    void tokenWhenAssertionWithSecretOrBasicThenInvalidRequest() {
        Map<String, String> withSecret = withAssertion(machineForm(), assertion("signer"));
        withSecret.put("client_secret", SECRET);
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> f.token(withSecret, null, FROM))
                .error().code());
        Map<String, String> form = withAssertion(machineForm(), assertion("signer"));
        assertEquals("invalid_request", assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("signer", SECRET), FROM)).error().code());
    }

    @Test
    void tokenWhenAssertionTypeUnknownOrAloneThenInvalidRequest() {
        Map<String, String> form = withAssertion(machineForm(), assertion("signer"));
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> f.token(form, null, FROM))
                .error().code());
        Map<String, String> typeOnly = machineForm();
        typeOnly.put("client_assertion_type", ClientAssertionVerifier.TYPE);
        typeOnly.put("client_id", "signer");
        assertEquals("invalid_request", assertThrows(OAuthException.class, () -> f.token(typeOnly, null, FROM))
                .error().code());
    }

    @Test
    void tokenWhenSecretClientSendsAssertionThenInvalidClient() {
        // "svc" is a client_secret_basic client; an assertion naming it, however signed, never authenticates it.
        assertEquals("invalid_client", refusal(sign(RSA, claims("svc").build())));
    }

    @Test
    void tokenWhenPublicClientSendsAssertionThenInvalidClient() {
        assertEquals("invalid_client", refusal(sign(RSA, claims("cli").build())));
    }

    @Test
    void tokenWhenPrivateKeyJwtClientSendsSecretOrNothingThenInvalidClient() {
        assertEquals("invalid_client", assertThrows(OAuthException.class,
                () -> f.token(machineForm(), ProviderFixture.basic("signer", SECRET), FROM)).error().code());
        Map<String, String> idOnly = machineForm();
        idOnly.put("client_id", "signer");
        assertEquals("invalid_client", assertThrows(OAuthException.class, () -> f.token(idOnly, null, FROM))
                .error().code());
    }

    @Test
    void tokenWhenUnknownClientThenInvalidClientAsForABadAssertion() {
        OAuthException unknown = assertThrows(OAuthException.class, () -> tokenWith(sign(RSA,
                claims("nobody").build())));
        OAuthException bad = assertThrows(OAuthException.class, () -> tokenWith(sign(OTHER_RSA,
                claims("signer").build())));
        assertEquals(bad.error(), unknown.error());
        assertEquals(bad.description(), unknown.description());
    }

    // Lockout

    /**
     * Bad assertions sent under the client's id, from many addresses and beyond every failure limit, lock
     * nothing: the real client then authenticates at once, from an address the attacker used too.
     */
    @Test
    void tokenWhenManyBadAssertionsForClientThenRealClientNotLockedOut() {
        ProviderFixture limited = new ProviderFixture(clients(Map.of(
                "mcp.oauth.rate-limit.auth-failures-per-client", "2",
                "mcp.oauth.rate-limit.auth-failures-per-address", "2",
                "mcp.oauth.rate-limit.auth-failures-per-client-total", "3")));
        for (int i = 0; i < 20; i++) {
            RequestContext attacker = new RequestContext("198.51.100." + (i % 4));
            String forged = sign(OTHER_RSA, new JWTClaimsSet.Builder().issuer("signer").subject("signer")
                    .audience(TOKEN_ENDPOINT).expirationTime(Date.from(limited.clock.instant().plusSeconds(60)))
                    .jwtID("forged-" + i).build());
            OAuthException e = assertThrows(OAuthException.class,
                    () -> limited.token(withAssertion(machineForm(), forged), null, attacker));
            assertFalse(e instanceof RateLimitedException, "a bad assertion is refused, never rate limited");
            assertEquals("invalid_client", e.error().code());
        }
        String real = sign(RSA, new JWTClaimsSet.Builder().issuer("signer").subject("signer")
                .audience(TOKEN_ENDPOINT).expirationTime(Date.from(limited.clock.instant().plusSeconds(60)))
                .jwtID("real").build());
        assertNotNull(limited.token(withAssertion(machineForm(), real), null, new RequestContext("198.51.100.1"))
                .accessToken());
    }

    /** An address locked by wrong secrets (of another client) still has its assertions checked: none is a guess. */
    @Test
    void tokenWhenAddressLockedBySecretFailuresThenAssertionStillChecked() {
        ProviderFixture limited = new ProviderFixture(clients(Map.of(
                "mcp.oauth.rate-limit.auth-failures-per-address", "2")));
        RequestContext locked = new RequestContext("198.51.100.77");
        for (int i = 0; i < 3; i++) {
            assertThrows(OAuthException.class, () -> limited.token(machineForm(),
                    ProviderFixture.basic("svc", "wrong"), locked));
        }
        assertThrows(RateLimitedException.class, () -> limited.token(machineForm(),
                ProviderFixture.basic("svc", "another guess"), locked), "fresh secrets are locked here");
        String real = sign(RSA, new JWTClaimsSet.Builder().issuer("signer").subject("signer")
                .audience(TOKEN_ENDPOINT).expirationTime(Date.from(limited.clock.instant().plusSeconds(60)))
                .jwtID("while-locked").build());
        assertNotNull(limited.token(withAssertion(machineForm(), real), null, locked).accessToken());
    }
}

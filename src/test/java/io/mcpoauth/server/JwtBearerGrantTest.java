package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.SECRET;
import static io.mcpoauth.server.ProviderFixture.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint redeeming Identity Assertion JWT Authorization Grants (RFC 7523 2.1; MCP Enterprise-Managed
 * Authorization 5): what it issues, what it refuses and how, single use across threads and nodes, and how the
 * grant type appears and disappears with the configuration. Each verification rule of the grant itself is tested
 * in {@code IdJagVerifierTest}.
 */
class JwtBearerGrantTest {

    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String IDP = "https://idp.example.com";
    private static final String RESOURCE = "https://mcp.example.com/mcp";
    private static final ECKey KEY = TestKeys.ec("idp-1");
    private static final RequestContext FROM = new RequestContext("127.0.0.215");

    private final ProviderFixture f = new ProviderFixture(enterprise());
    @AutoClose
    private final LogCapture audit = new LogCapture(AuditLog.LOGGER_NAME);
    private int jti;

    private static Map<String, String> enterprise() {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.enterprise.idps", "acme");
        c.put("mcp.oauth.enterprise.idp.acme.issuer", IDP);
        c.put("mcp.oauth.enterprise.idp.acme.jwks", new JWKSet(KEY.toPublicJWK()).toString());
        c.put("mcp.oauth.resources", RESOURCE);
        c.put("mcp.oauth.client.app.grant-types", "authorization_code,refresh_token," + GRANT_TYPE);
        c.put("mcp.oauth.client.cli.grant-types", "authorization_code,refresh_token," + GRANT_TYPE);
        return c;
    }

    /** A grant for app, issued a minute ago for five minutes, with a fresh jti. */
    private JWTClaimsSet.Builder claims() {
        long now = f.clock.instant().getEpochSecond();
        return new JWTClaimsSet.Builder()
                .issuer(IDP)
                .subject("U019488227")
                .audience("https://as.example.com")
                .claim("client_id", "app")
                .claim("resource", RESOURCE)
                .claim("scope", "mcp:read mcp:write")
                .claim("email", "ada@example.com")
                .claim("groups", List.of("engineering"))
                .jwtID("jti-" + (++jti))
                .issueTime(new Date((now - 60) * 1000))
                .expirationTime(new Date((now + 240) * 1000));
    }

    private String grant(UnaryOperator<JWTClaimsSet.Builder> change) {
        return TestKeys.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("oauth-id-jag+jwt")).keyID(KEY.getKeyID()), change.apply(claims()).build());
    }

    private static Map<String, String> form(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        if (assertion != null) {
            form.put("assertion", assertion);
        }
        return form;
    }

    private TokenResponse redeem(Map<String, String> form) {
        return f.token(form, basic("app", SECRET), FROM);
    }

    private OAuthException refused(Map<String, String> form, String client, String error) {
        OAuthException e = assertThrows(OAuthException.class, () -> f.token(form, basic(client, SECRET), FROM));
        assertEquals(error, e.error().code(), e::description);
        return e;
    }

    @Test
    void tokenWhenSubjectBlockedThenInvalidGrantWithTheReasonOnlyInTheLog() {
        f.storage.subjectBlocks().block("acme|U019488227", f.clock.instant().plusSeconds(3600), f.clock.instant());

        OAuthException e = refused(form(grant(c -> c)), "app", "invalid_grant");

        assertTrue(e.debug().startsWith("subject blocked until"), e.debug());
        assertFalse(e.description().contains("blocked"), e.description());
        assertTrue(redeem(form(grant(c -> c.subject("U000000001")))).accessToken() != null, "another user");
    }

    @Test
    void tokenWhenGrantValidThenAccessTokenForItsResourceAndNoRefreshToken() {
        TokenResponse t = redeem(form(grant(c -> c)));
        assertNull(t.refreshToken());
        assertEquals("mcp:read mcp:write", t.scope());
        Map<String, Object> info = f.introspect(t.accessToken(), "rs");
        assertEquals(true, info.get("active"));
        assertEquals("acme|U019488227", info.get("sub"));
        assertEquals("app", info.get("client_id"));
        assertEquals(RESOURCE, info.get("aud"));
        assertEquals("ada@example.com", info.get("email"));
        assertEquals(List.of("engineering"), info.get("groups"));
        assertEquals("https://as.example.com", info.get("iss"));
        assertEquals(IDP, info.get("idp_iss"), "the identity provider that vouched for the subject");
    }

    /** The token is its grant's only one: the grant is indexed under the subject, ending with the token. */
    @Test
    void tokenWhenIssuedThenItsGrantIsIndexedUnderTheSubject() {
        TokenResponse t = redeem(form(grant(c -> c)));
        var token = f.storage.accessTokens().findAccessToken(io.mcpoauth.crypto.Tokens.hash(t.accessToken()),
                f.clock.instant()).orElseThrow();
        assertEquals(List.of(io.mcpoauth.store.GrantSummary.of(token)),
                f.storage.grantIndex().bySubject("acme|U019488227", null, 10, f.clock.instant()).items());
    }

    @Test
    void tokenWhenResourceTakesJwtsThenJwtWithTheGrantsSubjectAndIdentityProvider() throws Exception {
        Map<String, String> c = new HashMap<>(enterprise());
        c.put("mcp.oauth.token.format", "jwt");
        ProviderFixture jwts = new ProviderFixture(c);
        TokenResponse t = jwts.token(form(grant(b -> b)), basic("app", SECRET), FROM);
        SignedJWT jwt = SignedJWT.parse(t.accessToken());
        assertTrue(jwt.verify(new ECDSAVerifier(jwts.signingKeys.publicKey())));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("acme|U019488227", claims.getSubject());
        assertEquals(List.of(RESOURCE), claims.getAudience());
        assertEquals("app", claims.getStringClaim("client_id"));
        assertEquals(IDP, claims.getStringClaim("idp_iss"));
        assertEquals("ada@example.com", claims.getStringClaim("email"));
        assertEquals(List.of("engineering"), claims.getStringListClaim("groups"));
        assertEquals(300, t.expiresIn());
        assertEquals(true, jwts.introspect(t.accessToken(), "rs").get("active"));
    }

    @Test
    void tokenWhenGrantPresentedTwiceThenSecondInvalidGrant() {
        String assertion = grant(c -> c);
        redeem(form(assertion));
        OAuthException e = refused(form(assertion), "app", "invalid_grant");
        assertTrue(e.debug().contains("used before"), e.debug());
    }

    @Test
    void tokenWhenSameJtiFromAnotherProviderSigningThenStillOnce() {
        // The key is the provider and the jti: the same jti in a second grant of the same provider is a replay.
        redeem(form(grant(c -> c.jwtID("shared"))));
        refused(form(grant(c -> c.jwtID("shared").subject("other"))), "app", "invalid_grant");
    }

    @Test
    void tokenWhenScopeRequestedThenNarrowedNeverWidened() {
        Map<String, String> narrower = form(grant(c -> c));
        narrower.put("scope", "mcp:read");
        assertEquals("mcp:read", redeem(narrower).scope());

        Map<String, String> wider = form(grant(c -> c.claim("scope", "mcp:read")));
        wider.put("scope", "mcp:read mcp:write");
        refused(wider, "app", "invalid_scope");
    }

    @Test
    void tokenWhenGrantHoldsScopeBeyondTheClientsThenInvalidScope() {
        refused(form(grant(c -> c.claim("scope", "mcp:read admin"))), "app", "invalid_scope");
    }

    @Test
    void tokenWhenGrantHasNoScopeThenTheClientsDefault() {
        assertEquals("mcp:read mcp:write", redeem(form(grant(c -> c.claim("scope", null)))).scope());
    }

    @Test
    void tokenWhenResourceParameterDiffersThenInvalidTargetAndTheGrantStaysUnused() {
        String assertion = grant(c -> c);
        Map<String, String> other = form(assertion);
        other.put("resource", "https://other.example.com/mcp");
        refused(other, "app", "invalid_target");

        Map<String, String> same = form(assertion);
        same.put("resource", RESOURCE);
        assertEquals("mcp:read mcp:write", redeem(same).scope());
    }

    @Test
    void tokenWhenGrantInvalidThenInvalidGrantAndTheAuditLineNamesTheProvider() {
        refused(form(grant(c -> c.claim("client_id", "cli"))), "app", "invalid_grant");
        refused(form(TestKeys.sign(KEY, new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(KEY.getKeyID()), claims().build())), "app", "invalid_grant");
        refused(form(TestKeys.sign(TestKeys.ec("idp-1"), new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("oauth-id-jag+jwt")).keyID("idp-1"), claims().build())), "app",
                "invalid_grant");
        refused(form("not.a.jwt"), "app", "invalid_grant");
        List<String> lines = written("token.rejected");
        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"detail\":\"acme: the grant was issued to another client\""),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"detail\":\"acme: "), lines.get(1));
        assertTrue(lines.stream().allMatch(l -> l.contains("\"reason\":\"invalid_grant\"")), lines::toString);
    }

    @Test
    void tokenWhenIssuedThenTheAuditLineNamesTheProviderAndTheScopedSubject() {
        redeem(form(grant(c -> c)));
        List<String> lines = written("token.issued");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"idp\":\"acme\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"subject\":\"acme|U019488227\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"grant_type\":\"" + GRANT_TYPE + "\""), lines.get(0));
    }

    @Test
    void tokenWhenAssertionMissingThenInvalidRequest() {
        refused(form(null), "app", "invalid_request");
    }

    @Test
    void tokenWhenAssertionLongerThanItsCapThenInvalidRequest() {
        refused(form("a".repeat(16 * 1024 + 1)), "app", "invalid_request");
    }

    @Test
    void tokenWhenPublicClientThenUnauthorizedClient() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(withClientId(form(grant(c -> c.claim("client_id", "cli"))), "cli"), null, FROM));
        assertEquals("unauthorized_client", e.error().code());
    }

    @Test
    void tokenWhenClientMayNotUseTheGrantTypeThenUnauthorizedClient() {
        refused(form(grant(c -> c.claim("client_id", "svc"))), "svc", "unauthorized_client");
    }

    @Test
    void tokenWhenSameGrantRacedOnTwoNodesThenExactlyOneToken() throws Exception {
        EndpointServices other = f.node(new MemoryRateLimiter());
        for (int round = 0; round < 20; round++) {
            String assertion = grant(c -> c);
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TokenService node = i % 2 == 0 ? f.tokens() : other.tokens();
                calls.add(() -> {
                    try {
                        node.token(ProviderFixture.form(form(assertion)), basic("app", SECRET), FROM);
                        return true;
                    } catch (OAuthException e) {
                        assertEquals("invalid_grant", e.error().code());
                        return false;
                    }
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                int won = 0;
                for (Future<Boolean> r : pool.invokeAll(calls)) {
                    won += r.get() ? 1 : 0;
                }
                assertEquals(1, won, "round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void metadataWhenProvidersConfiguredThenListsTheGrantType() {
        assertTrue(grantTypes(f).contains(GRANT_TYPE));
    }

    @Test
    void tokenWhenNoProviderConfiguredThenUnsupportedGrantTypeAndNotInMetadata() {
        Map<String, String> off = new HashMap<>(enterprise());
        off.remove("mcp.oauth.enterprise.idps");
        ProviderFixture plain = new ProviderFixture(off);
        OAuthException e = assertThrows(OAuthException.class,
                () -> plain.token(form(grant(c -> c)), basic("app", SECRET), FROM));
        assertEquals("unsupported_grant_type", e.error().code());
        assertFalse(grantTypes(plain).contains(GRANT_TYPE));
    }

    @Test
    void settingsWhenProvidersWithoutResourcesThenRefusedNamingTheKeys() {
        Map<String, String> c = new HashMap<>(enterprise());
        c.put("mcp.oauth.issuer", "https://as.example.com");
        c.put("mcp.oauth.login.mode", "header");
        c.remove("mcp.oauth.resources");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OAuthSettings.load(ConfigSource.of(c)));
        assertTrue(e.getMessage().contains("mcp.oauth.enterprise.idps"), e.getMessage());
        assertTrue(e.getMessage().contains("mcp.oauth.resources"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static List<String> grantTypes(EndpointServices services) {
        return (List<String>) services.metadata().metadata().get("grant_types_supported");
    }

    private static Map<String, String> withClientId(Map<String, String> form, String clientId) {
        form.put("client_id", clientId);
        return form;
    }

    /** Closes the log, which writes every queued line, and returns the lines of this event from this address. */
    private List<String> written(String event) {
        f.audit.close();
        return audit.messages().stream().filter(l -> l.contains("\"event\":\"" + event + "\""))
                .filter(l -> l.contains("\"remote\":\"" + FROM.remoteAddress() + "\"")).toList();
    }
}

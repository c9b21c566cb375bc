package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * JWT access tokens (RFC 9068): what they say, how long they live, which resources get them, and that
 * introspection and revocation keep their meaning for them.
 */
class JwtAccessTokenTest {

    private static final String MCP = "https://mcp.example.com/mcp";
    private static final String OTHER = "https://other.example.com/mcp";
    private static final SubjectAttributes ALICE = SubjectAttributes.of("alice@example.com",
            List.of("mcp-users", "Domain Admins"));

    private static ProviderFixture fixture(String... pairs) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.resources", MCP + "," + OTHER);
        for (int i = 0; i < pairs.length; i += 2) {
            c.put(pairs[i], pairs[i + 1]);
        }
        return new ProviderFixture(c);
    }

    private static TokenResponse codeFlow(ProviderFixture f, SubjectAttributes attributes, String... resources) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        ProviderFixture.authorizeParams("app", REDIRECT).forEach((k, v) -> p.put(k, List.of(v)));
        p.put("resource", List.of(resources));
        String code = Query.of(f.approve(f.validate(new Parameters(p)), "alice", attributes)).get("code");
        return f.exchange(code, REDIRECT);
    }

    private static TokenResponse clientCredentials(ProviderFixture f, String resource) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("resource", resource);
        return f.token(form, ProviderFixture.basic("svc", SECRET));
    }

    /** The token as a verified JWT: signed by the fixture's key, or the test fails. */
    private static SignedJWT verified(ProviderFixture f, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertTrue(jwt.verify(new ECDSAVerifier(f.signingKeys.publicKey())), "signed by the current key");
        return jwt;
    }

    private static boolean isJwt(String token) {
        return token.split("\\.").length == 3;
    }

    @Test
    void codeFlowWhenFormatJwtThenHeaderAndClaimsExactly() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        Instant now = f.clock.instant();
        TokenResponse t = codeFlow(f, ALICE, MCP);
        SignedJWT jwt = verified(f, t.accessToken());

        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        assertEquals("test-key-1", jwt.getHeader().getKeyID());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        Map<String, Object> claims = jwt.getJWTClaimsSet().toJSONObject();
        Map<String, Object> expected = new HashMap<>();
        expected.put("iss", "https://as.example.com");
        expected.put("sub", "alice");
        expected.put("aud", MCP);
        expected.put("client_id", "app");
        expected.put("scope", "mcp:read mcp:write");
        expected.put("iat", now.getEpochSecond());
        expected.put("exp", now.getEpochSecond() + 300);
        expected.put("jti", claims.get("jti"));
        expected.put("email", "alice@example.com");
        expected.put("groups", List.of("mcp-users", "Domain Admins"));
        expected.put("upn", "alice");
        assertEquals(expected, claims);
        String jti = (String) claims.get("jti");
        assertTrue(Base64.getUrlDecoder().decode(jti).length >= 16, "jti of at least 128 random bits: " + jti);
        assertEquals(300, t.expiresIn(), "expires_in is the JWT's lifetime");
        assertTrue(isJwt(t.refreshToken()) == false, "refresh tokens stay opaque");
    }

    @Test
    void issueWhenManyTokensThenEveryJtiDiffers() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TreeSet<String> ids = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(verified(f, clientCredentials(f, MCP).accessToken()).getJWTClaimsSet().getJWTID());
        }
        assertEquals(20, ids.size());
    }

    @Test
    void clientCredentialsWhenFormatJwtThenClientIsSubjectWithoutUserClaims() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt", "mcp.oauth.token.jwt-lifetime", "2m");
        TokenResponse t = clientCredentials(f, MCP);
        Map<String, Object> claims = verified(f, t.accessToken()).getJWTClaimsSet().toJSONObject();
        assertEquals("svc", claims.get("sub"));
        assertEquals("svc", claims.get("client_id"));
        assertEquals("svc", claims.get("upn"));
        assertEquals("mcp:read", claims.get("scope"));
        assertFalse(claims.containsKey("email") || claims.containsKey("groups") || claims.containsKey("idp_iss"),
                claims.toString());
        assertEquals(120L, (long) claims.get("exp") - (long) claims.get("iat"));
        assertEquals(120, t.expiresIn());
    }

    @Test
    void lifetimeWhenOpaqueByDefaultThenUnchanged() {
        ProviderFixture f = fixture();
        TokenResponse t = codeFlow(f, ALICE, MCP);
        assertFalse(isJwt(t.accessToken()), t.accessToken());
        assertEquals(3600, t.expiresIn());
        assertEquals(43, t.accessToken().length());
    }

    @Test
    void refreshWhenJwtThenNewJwtAndExpiresInCappedAtTheGrantsEnd() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt",
                "mcp.oauth.token.grant-max-lifetime", "1h");
        TokenResponse first = codeFlow(f, ALICE, MCP);
        f.clock.advance(Duration.ofMinutes(57));
        Instant now = f.clock.instant();
        TokenResponse second = f.refresh(first.refreshToken(), "mcp:read");
        SignedJWT jwt = verified(f, second.accessToken());
        assertEquals(180, second.expiresIn(), "three minutes are left of the grant");
        assertEquals(now.getEpochSecond() + 180, jwt.getJWTClaimsSet().getExpirationTime().toInstant().getEpochSecond());
        assertEquals("mcp:read", jwt.getJWTClaimsSet().getStringClaim("scope"));
        assertEquals(List.of("mcp-users", "Domain Admins"), jwt.getJWTClaimsSet().getStringListClaim("groups"));
    }

    @Test
    void formatWhenJwtResourcesListedThenOnlyTheirTokensAreJwts() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.jwt-resources", "https://MCP.example.com/mcp");
        assertTrue(isJwt(codeFlow(f, ALICE, MCP).accessToken()), "listed resource, named in another case");
        assertFalse(isJwt(codeFlow(f, ALICE, OTHER).accessToken()));
        assertTrue(isJwt(clientCredentials(f, MCP).accessToken()));
        assertEquals(3600, clientCredentials(f, OTHER).expiresIn());
    }

    @Test
    void formatWhenJwtExceptOpaqueResourcesThenThoseOpaque() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt", "mcp.oauth.token.opaque-resources", OTHER);
        assertTrue(isJwt(clientCredentials(f, MCP).accessToken()));
        assertFalse(isJwt(clientCredentials(f, OTHER).accessToken()));
    }

    /** A JWT can also be introspected, an opaque token never validated locally: the JWT serves both audiences. */
    @Test
    void formatWhenAudiencesOfBothFormatsThenJwtWithEveryAudience() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.jwt-resources", MCP);
        TokenResponse t = codeFlow(f, ALICE, OTHER, MCP);
        assertEquals(List.of(OTHER, MCP), verified(f, t.accessToken()).getJWTClaimsSet().getAudience());
        assertEquals(List.of(OTHER, MCP), f.introspect(t.accessToken(), "app").get("aud"));
        assertEquals(300, t.expiresIn());
    }

    @Test
    void introspectWhenJwtThenActiveWithTheSameClaimsAsTheToken() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TokenResponse t = codeFlow(f, ALICE, MCP);
        Map<String, Object> claims = verified(f, t.accessToken()).getJWTClaimsSet().toJSONObject();
        Map<String, Object> m = f.introspect(t.accessToken(), "rs");
        assertEquals(true, m.get("active"));
        for (String name : List.of("iss", "sub", "aud", "client_id", "scope", "iat", "exp", "email", "groups")) {
            assertEquals(claims.get(name), m.get(name), name);
        }
        f.clock.advance(Duration.ofMinutes(5));
        assertEquals(Map.of("active", false), f.introspect(t.accessToken(), "rs"), "expired with the JWT");
    }

    @Test
    void introspectWhenJwtAlteredThenInactive() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        String token = codeFlow(f, ALICE, MCP).accessToken();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"mallory\"}".getBytes()) + "." + parts[2];
        assertEquals(Map.of("active", false), f.introspect(forged, "rs"));
    }

    @Test
    void revokeWhenJwtThenInactiveAndGrantKept() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TokenResponse t = codeFlow(f, ALICE, MCP);
        f.revoke(t.accessToken(), "access_token", "app");
        assertEquals(Map.of("active", false), f.introspect(t.accessToken(), "app"));
        assertTrue(isJwt(f.refresh(t.refreshToken(), null).accessToken()), "revoking an access token keeps the grant");
    }

    @Test
    void revokeWhenRefreshTokenThenTheGrantsJwtsInactive() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TokenResponse t = codeFlow(f, ALICE, MCP);
        f.revoke(t.refreshToken(), "refresh_token", "app");
        assertEquals(Map.of("active", false), f.introspect(t.accessToken(), "app"));
    }

    @Test
    void refreshWhenRotatedTokenReusedThenTheGrantsJwtsInactive() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TokenResponse first = codeFlow(f, ALICE, MCP);
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertEquals(true, f.introspect(second.accessToken(), "app").get("active"));
        assertThrows(OAuthException.class, () -> f.refresh(first.refreshToken(), null));
        assertEquals(Map.of("active", false), f.introspect(first.accessToken(), "app"));
        assertEquals(Map.of("active", false), f.introspect(second.accessToken(), "app"));
    }

    /** A grant's revocation outlives its longest-lived token, here a JWT living longer than any opaque token. */
    @Test
    void refreshWhenReusedThenJwtsLivingLongerThanOpaqueTokensStayInactive() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt", "mcp.oauth.token.access-ttl", "1m",
                "mcp.oauth.token.refresh-ttl", "2m", "mcp.oauth.token.jwt-lifetime", "10m");
        TokenResponse first = codeFlow(f, ALICE, MCP);
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertThrows(OAuthException.class, () -> f.refresh(first.refreshToken(), null));
        f.clock.advance(Duration.ofMinutes(5));
        assertEquals(Map.of("active", false), f.introspect(second.accessToken(), "app"));
    }

    @Test
    void storeWhenJwtThenKeyedByTheHashOfTheWholeToken() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        String token = clientCredentials(f, MCP).accessToken();
        assertTrue(f.storage.accessTokens().findAccessToken(Tokens.hash(token), f.clock.instant()).isPresent());
    }

    @Test
    void principalClaimWhenConfiguredThenThatClaimOrNone() throws Exception {
        ProviderFixture preferred = fixture("mcp.oauth.token.format", "jwt",
                "mcp.oauth.token.jwt-principal-claim", "preferred_username");
        Map<String, Object> claims = verified(preferred, codeFlow(preferred, ALICE, MCP).accessToken())
                .getJWTClaimsSet().toJSONObject();
        assertEquals("alice", claims.get("preferred_username"));
        assertFalse(claims.containsKey("upn"));
        ProviderFixture none = fixture("mcp.oauth.token.format", "jwt", "mcp.oauth.token.jwt-principal-claim", "none");
        claims = verified(none, codeFlow(none, ALICE, MCP).accessToken()).getJWTClaimsSet().toJSONObject();
        assertFalse(claims.containsKey("upn") || claims.containsKey("preferred_username"), claims.toString());
    }

    @Test
    void typeWhenConfiguredJwtThenHeaderTypJwt() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt", "mcp.oauth.token.jwt-typ", "JWT");
        assertEquals(JOSEObjectType.JWT, verified(f, clientCredentials(f, MCP).accessToken()).getHeader().getType());
    }

    @Test
    void issueWhenIdentityProviderVouchedThenIdpIssClaim() throws Exception {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        TokenResponse t = codeFlow(f, ALICE.withIdp("https://idp.example.com"), MCP);
        assertEquals("https://idp.example.com", verified(f, t.accessToken()).getJWTClaimsSet().getClaim("idp_iss"));
    }

    /** 256 groups of 60 characters cannot make a JWT of at most 4 KB: the token is opaque, and still works. */
    @Test
    void issueWhenJwtWouldBeTooLongThenOpaqueWithTheJwtLifetime() {
        ProviderFixture f = fixture("mcp.oauth.token.format", "jwt");
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < SubjectAttributes.MAX_GROUPS; i++) {
            groups.add(String.format("%03d", i) + "-group-with-a-rather-long-name-from-the-directory-xxxxxxx");
        }
        TokenResponse t = codeFlow(f, SubjectAttributes.of("alice@example.com", groups), MCP);
        assertFalse(isJwt(t.accessToken()));
        assertEquals(300, t.expiresIn());
        assertEquals(groups, f.introspect(t.accessToken(), "app").get("groups"));
        assertNotEquals(t.accessToken(), f.refresh(t.refreshToken(), null).accessToken());
    }
}

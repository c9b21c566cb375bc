package io.mcpoauth.enterprise;

import static io.mcpoauth.enterprise.IdJags.AS;
import static io.mcpoauth.enterprise.IdJags.CLIENT;
import static io.mcpoauth.enterprise.IdJags.EC;
import static io.mcpoauth.enterprise.IdJags.IDP;
import static io.mcpoauth.enterprise.IdJags.NOW;
import static io.mcpoauth.enterprise.IdJags.OTHER;
import static io.mcpoauth.enterprise.IdJags.RESOURCE;
import static io.mcpoauth.enterprise.IdJags.RSA;
import static io.mcpoauth.enterprise.IdJags.claims;
import static io.mcpoauth.enterprise.IdJags.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule of an ID-JAG's validation, with a grant that breaks only that rule. */
class IdJagVerifierTest {

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static IdJagVerifier verifier(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.enterprise.idps", "acme");
        c.put("mcp.oauth.enterprise.idp.acme.issuer", IDP);
        c.put("mcp.oauth.enterprise.idp.acme.jwks",
                new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK())).toString());
        c.putAll(extra);
        return new IdJagVerifier(EnterpriseSettings.load(ConfigSource.of(c)), AS, Set.of(RESOURCE), CLOCK);
    }

    private static IdJagVerifier verifier() {
        return verifier(Map.of());
    }

    private static void refused(String assertion, String why) {
        refused(verifier(), assertion, why);
    }

    private static void refused(IdJagVerifier verifier, String assertion, String why) {
        IdJagVerifier.Outcome outcome = verifier.verify(assertion, CLIENT);
        assertInstanceOf(IdJagVerifier.Refused.class, outcome, why);
    }

    private static IdentityAssertionGrant accepted(IdJagVerifier verifier, String assertion) {
        IdJagVerifier.Outcome outcome = verifier.verify(assertion, CLIENT);
        return assertInstanceOf(IdJagVerifier.Accepted.class, outcome, () -> outcome.toString()).grant();
    }

    @Test
    void verifyWhenValidThenTheGrantForTheResourceWithTheSubjectScopedByTheProvider() {
        IdentityAssertionGrant grant = accepted(verifier(), sign(claims().build()));
        assertEquals("acme", grant.provider().id());
        assertEquals("acme|U019488227", grant.subject());
        assertEquals(CLIENT, grant.clientId());
        assertEquals(RESOURCE, grant.resource());
        assertEquals(Scope.of("chat.read", "chat.history"), grant.scope());
        assertEquals("9e43f81b64a33f20116179", grant.jti());
        assertEquals(NOW.plusSeconds(240), grant.expiresAt());
        assertEquals("ada@example.com", grant.attributes().email());
        assertEquals(List.of("engineering", "staff"), grant.attributes().groups());
        assertEquals(IDP, grant.attributes().idp(), "the provider that vouched for the subject is kept");
    }

    @Test
    void verifyWhenSignedWithTheProvidersRsaKeyThenAccepted() {
        String rs256 = sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).type(IdJagVerifier.TYPE)
                .keyID(RSA.getKeyID()), claims().build());
        accepted(verifier(), rs256);
    }

    @Test
    void verifyWhenTypIsNotIdJagThenRefused() {
        refused(sign(EC, IdJags.es256(null), claims().build()), "no typ");
        refused(sign(EC, IdJags.es256(JOSEObjectType.JWT), claims().build()), "typ JWT (an ID token)");
        refused(sign(EC, IdJags.es256(new JOSEObjectType("at+jwt")), claims().build()), "an access token");
    }

    @Test
    void verifyWhenUnsignedOrSignedWithASecretThenRefused() throws Exception {
        refused(new PlainJWT(claims().build()).serialize(), "alg none");
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(IdJagVerifier.TYPE).build(),
                claims().build());
        hs.sign(new MACSigner(new byte[32]));
        refused(hs.serialize(), "HS256 is never an allowed algorithm");
    }

    @Test
    void verifyWhenSignedByAKeyTheProviderDoesNotHaveThenRefused() {
        refused(sign(OTHER, IdJags.es256(IdJagVerifier.TYPE), claims().build()), "same kid, another key");
        String embedded = sign(OTHER, IdJags.es256(IdJagVerifier.TYPE).jwk(OTHER.toPublicJWK()), claims().build());
        refused(embedded, "a key the token carries in its own header is never used");
    }

    @Test
    void verifyWhenAlgorithmNotAllowedForTheProviderThenRefused() {
        IdJagVerifier esOnly = verifier(Map.of("mcp.oauth.enterprise.idp.acme.algorithms", "ES256"));
        String rs256 = sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).type(IdJagVerifier.TYPE)
                .keyID(RSA.getKeyID()), claims().build());
        refused(esOnly, rs256, "RS256 is not among the provider's algorithms");
        accepted(esOnly, sign(claims().build()));
    }

    @Test
    void verifyWhenIssuerIsNotAConfiguredProviderThenRefused() {
        refused(sign(c -> c.issuer("https://evil.example.com")), "unknown issuer");
        refused(sign(c -> c.issuer(IDP + "/")), "the issuer is compared exactly");
        refused(sign(c -> c.issuer(null)), "no issuer");
    }

    @Test
    void verifyWhenAudienceIsNotThisServerThenRefused() {
        refused(sign(c -> c.audience("https://other-as.example.com")), "another audience");
        refused(sign(c -> c.audience((String) null)), "no audience");
        refused(sign(c -> c.audience(RESOURCE)), "the resource is not the authorization server");
        accepted(verifier(), sign(c -> c.audience(List.of("https://other-as.example.com", AS))));
    }

    @Test
    void verifyWhenIssuedToAnotherClientThenRefused() {
        refused(sign(c -> c.claim("client_id", "someone-else")), "another client");
        refused(sign(c -> c.claim("client_id", null)), "no client_id");
        refused(sign(c -> c.claim("client_id", List.of(CLIENT))), "client_id not a string");
    }

    @Test
    void verifyWhenTheProviderDoesNotAdmitTheClientThenRefused() {
        refused(verifier(Map.of("mcp.oauth.enterprise.idp.acme.clients", "desktop other")), sign(claims().build()),
                "the client is not in the provider's list");
        accepted(verifier(Map.of("mcp.oauth.enterprise.idp.acme.clients", "desktop " + CLIENT)),
                sign(claims().build()));
    }

    @Test
    void verifyWhenResourceIsNotServedHereThenRefused() {
        refused(sign(c -> c.claim("resource", "https://mcp.example.com/other")), "a resource not served");
        refused(sign(c -> c.claim("resource", null)), "no resource");
    }

    @Test
    void verifyWhenExpiredBeyondTheSkewThenRefused() {
        refused(sign(c -> c.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired a minute and a second ago");
        refused(sign(c -> c.expirationTime(null)), "no exp");
        accepted(verifier(), sign(c -> c.expirationTime(Date.from(NOW.minusSeconds(30)))));
    }

    @Test
    void verifyWhenIssuedInTheFutureOrTooLongAgoThenRefused() {
        refused(sign(c -> c.issueTime(Date.from(NOW.plusSeconds(61)))), "issued in the future");
        refused(sign(c -> c.issueTime(Date.from(NOW.minusSeconds(661)))), "issued over 10 minutes ago");
        refused(sign(c -> c.issueTime(null)), "no iat");
        accepted(verifier(), sign(c -> c.issueTime(Date.from(NOW.minusSeconds(600)))));
    }

    @Test
    void verifyWhenNotYetValidThenRefused() {
        refused(sign(c -> c.notBeforeTime(Date.from(NOW.plusSeconds(120)))), "nbf in the future");
    }

    @Test
    void verifyWhenSubjectOrIdMissingOrUnusableThenRefused() {
        refused(sign(c -> c.subject(null)), "no sub");
        refused(sign(c -> c.jwtID(null)), "no jti");
        refused(sign(c -> c.subject("ada\nadmin")), "control character in sub");
        refused(sign(c -> c.jwtID("x".repeat(257))), "jti over 256 characters");
    }

    @Test
    void verifyWhenScopeIsNotAStringThenRefused() {
        refused(sign(c -> c.claim("scope", List.of("chat.read"))), "scope is a space-separated string");
        assertTrue(accepted(verifier(), sign(c -> c.claim("scope", null))).scope().isEmpty());
    }

    @Test
    void verifyWhenAttributesCannotBeKeptThenRefused() {
        refused(sign(c -> c.claim("email", "not an address")), "implausible e-mail");
        IdentityAssertionGrant none = accepted(verifier(Map.of("mcp.oauth.enterprise.idp.acme.email-claim", "none",
                "mcp.oauth.enterprise.idp.acme.groups-claim", "roles")), sign(c -> c.claim("roles", "a,b")));
        assertEquals("", none.attributes().email());
        assertEquals(List.of("a", "b"), none.attributes().groups());
        assertEquals(IDP, none.attributes().idp());
        IdentityAssertionGrant bare = accepted(verifier(Map.of("mcp.oauth.enterprise.idp.acme.email-claim", "none",
                "mcp.oauth.enterprise.idp.acme.groups-claim", "none")), sign(claims().build()));
        assertEquals(SubjectAttributes.of("", List.of(), IDP), bare.attributes(),
                "without e-mail or groups, the provider is still kept");
    }

    @Test
    void verifyWhenNotAJwtOrTooLongThenRefusedUnparsed() {
        refused("not-a-jwt", "garbage");
        refused(null, "missing");
        refused("a".repeat(IdJagVerifier.MAX_LENGTH + 1), "too long");
    }

    @Test
    void verifyWhenTwoProvidersThenEachGrantIsCheckedWithItsOwnProvidersKeys() {
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.enterprise.idps", "acme, partner");
        c.put("mcp.oauth.enterprise.idp.acme.issuer", IDP);
        c.put("mcp.oauth.enterprise.idp.acme.jwks", new JWKSet(EC.toPublicJWK()).toString());
        c.put("mcp.oauth.enterprise.idp.partner.issuer", "https://partner.example.com");
        c.put("mcp.oauth.enterprise.idp.partner.jwks", new JWKSet(RSA.toPublicJWK()).toString());
        IdJagVerifier two = new IdJagVerifier(EnterpriseSettings.load(ConfigSource.of(c)), AS, Set.of(RESOURCE),
                CLOCK);
        JWTClaimsSet partnerClaims = claims().issuer("https://partner.example.com").build();
        refused(two, sign(partnerClaims), "partner's issuer, acme's key");
        IdentityAssertionGrant partner = accepted(two, sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(IdJagVerifier.TYPE).keyID(RSA.getKeyID()), partnerClaims));
        assertEquals("partner|U019488227", partner.subject(), "the same sub at two providers is two subjects");
        assertEquals("https://partner.example.com", partner.attributes().idp());
        IdentityAssertionGrant acme = accepted(two, sign(claims().build()));
        assertEquals("acme|U019488227", acme.subject());
        assertEquals(IDP, acme.attributes().idp());
    }

    @Test
    void verifyUsesTheGivenClockNotTheWallClock() {
        IdJagVerifier later = new IdJagVerifier(verifierSettings(), AS, Set.of(RESOURCE),
                Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
        refused(later, sign(claims().build()), "expired by the verifier's clock");
    }

    private static EnterpriseSettings verifierSettings() {
        return EnterpriseSettings.load(ConfigSource.of(Map.of("mcp.oauth.enterprise.idps", "acme",
                "mcp.oauth.enterprise.idp.acme.issuer", IDP,
                "mcp.oauth.enterprise.idp.acme.jwks", new JWKSet(EC.toPublicJWK()).toString())));
    }
}

package io.mcpoauth.login;

import static io.mcpoauth.login.Tokens.CLOCK;
import static io.mcpoauth.login.Tokens.NOW;
import static io.mcpoauth.login.Tokens.claims;
import static io.mcpoauth.login.Tokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signed assertions checked against configured keys: what is accepted and every way a forgery is refused. */
class AssertionLoginTest {

    private static final RSAKey RSA = Tokens.rsa("rsa-1");
    private static final ECKey EC = Tokens.ec("ec-1");
    private static final String PUBLIC_JWKS = new JWKSet(java.util.List.of(RSA, EC)).toPublicJWKSet().toString();
    private static final Optional<String> REFUSED = Optional.empty();

    private final AssertionLogin login = login(Map.of());

    private static AssertionLogin login(Map<String, String> extra) {
        Map<String, String> m = new java.util.HashMap<>(extra);
        m.putIfAbsent("mcp.oauth.login.assertion.jwks", PUBLIC_JWKS);
        return new AssertionLogin(Tokens.settings(m), CLOCK);
    }

    @Test
    void subjectWhenValidRs256OrEs256AssertionThenAccepted() {
        assertEquals(Optional.of("alice"), login.subject(sign(RSA, claims().build())));
        assertEquals(Optional.of("alice"), login.subject(sign(EC, claims().build())));
        assertEquals("X-Pomerium-Jwt-Assertion", login.header());
    }

    @Test
    void subjectWhenSignedByAnotherKeyWithTheSameKidThenRefused() {
        assertEquals(REFUSED, login.subject(sign(Tokens.rsa("rsa-1"), claims().build())));
        assertEquals(REFUSED, login.subject(sign(Tokens.ec("ec-1"), claims().build())));
        assertEquals(REFUSED, login.subject(sign(Tokens.rsa("unknown"), claims().build())));
    }

    @Test
    void subjectWhenPayloadAlteredAfterSigningThenRefused() {
        String[] parts = sign(RSA, claims().build()).split("\\.");
        String forged = Base64URL.encode(claims().subject("admin").build().toString()).toString();
        assertEquals(REFUSED, login.subject(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void subjectWhenWrongOrMissingAudienceThenRefused() {
        assertEquals(REFUSED, login.subject(sign(RSA, claims().audience("other.example.com").build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().audience((String) null).build())));
    }

    @Test
    void subjectWhenWrongOrMissingIssuerThenRefused() {
        assertEquals(REFUSED, login.subject(sign(RSA, claims().issuer("evil.example.com").build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().issuer(null).build())));
    }

    @Test
    void subjectWhenExpiredBeyondSkewThenRefusedWithinSkewAccepted() {
        assertEquals(REFUSED, login.subject(sign(RSA, claims().expirationTime(at(-61)).build())));
        assertEquals(Optional.of("alice"), login.subject(sign(RSA, claims().expirationTime(at(-59)).build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().expirationTime(null).build())), "exp is required");
        AssertionLogin strict = login(Map.of("mcp.oauth.login.assertion.clock-skew", "5s"));
        assertEquals(REFUSED, strict.subject(sign(RSA, claims().expirationTime(at(-10)).build())));
    }

    @Test
    void subjectWhenNotYetValidOrIssuedInTheFutureThenRefused() {
        assertEquals(REFUSED, login.subject(sign(RSA, claims().notBeforeTime(at(120)).build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().issueTime(at(120)).build())));
        assertEquals(Optional.of("alice"), login.subject(sign(RSA, claims().notBeforeTime(at(30)).build())));
    }

    @Test
    void subjectWhenAlgNoneThenRefused() {
        assertEquals(REFUSED, login.subject(new PlainJWT(claims().build()).serialize()));
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}").toString();
        String body = Base64URL.encode(claims().build().toString()).toString();
        String[] signed = sign(RSA, claims().build()).split("\\.");
        assertEquals(REFUSED, login.subject(header + "." + body + "."));
        assertEquals(REFUSED, login.subject(header + "." + body + "." + signed[2]));
    }

    /** The classic confusion: an HMAC keyed with the public key, which the attacker knows (RFC 8725 2.1). */
    @Test
    void subjectWhenHs256KeyedWithThePublicKeyThenRefused() throws JOSEException {
        byte[][] secrets = {
            RSA.toRSAPublicKey().getEncoded(),
            PUBLIC_JWKS.getBytes(StandardCharsets.UTF_8),
            RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8),
        };
        for (byte[] secret : secrets) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                    claims().build());
            jwt.sign(new MACSigner(secret));
            assertEquals(REFUSED, login.subject(jwt.serialize()));
        }
    }

    @Test
    void subjectWhenAlgorithmNotConfiguredThenRefused() {
        AssertionLogin rsOnly = login(Map.of("mcp.oauth.login.assertion.algorithms", "RS256"));
        assertEquals(REFUSED, rsOnly.subject(sign(EC, claims().build())));
        String ps256 = sign(RSA, new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa-1").build(), claims().build());
        assertEquals(REFUSED, login.subject(ps256), "PS256 is not in the default list");
        AssertionLogin ps = login(Map.of("mcp.oauth.login.assertion.algorithms", "PS256"));
        assertEquals(Optional.of("alice"), ps.subject(ps256));
    }

    @Test
    void subjectWhenHeaderMissingBlankMalformedOrHugeThenRefused() {
        assertEquals(REFUSED, login.subject(null));
        assertEquals(REFUSED, login.subject(""));
        assertEquals(REFUSED, login.subject("   "));
        assertEquals(REFUSED, login.subject("alice"));
        assertEquals(REFUSED, login.subject("not.a.jwt"));
        assertEquals(REFUSED, login.subject("a.b.c.d.e"));
        assertEquals(REFUSED, login.subject("eyJhbGciOiJSUzI1NiJ9.%%%.###"));
        String huge = sign(RSA, claims().claim("pad", "x".repeat(AssertionLogin.MAX_ASSERTION_LENGTH)).build());
        assertEquals(REFUSED, login.subject(huge));
    }

    @Test
    void subjectWhenSubjectClaimConfiguredThenThatClaimNamesTheUser() {
        AssertionLogin byEmail = login(Map.of("mcp.oauth.login.assertion.subject-claim", "email"));
        assertEquals(Optional.of("alice@example.com"), byEmail.subject(sign(RSA, claims().build())));
        assertEquals(REFUSED, byEmail.subject(sign(RSA, claims().claim("email", null).build())), "claim required");
        assertEquals(REFUSED, byEmail.subject(sign(RSA, claims().claim("email", 42).build())), "must be a string");
    }

    @Test
    void subjectWhenSubjectHasControlCharactersOrIsBlankThenRefused() {
        assertEquals(REFUSED, login.subject(sign(RSA, claims().subject("alice\nadmin").build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().subject(" ").build())));
        assertEquals(REFUSED, login.subject(sign(RSA, claims().subject("a".repeat(257)).build())));
    }

    @Test
    void subjectWhenKeysComeFromAFileThenAccepted() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("jwks", ".json");
        try {
            java.nio.file.Files.writeString(file, new JWKSet(EC.toPublicJWK()).toString());
            AssertionLogin fromFile = login(Map.of("mcp.oauth.login.assertion.jwks", "",
                    "mcp.oauth.login.assertion.jwks-file", file.toString()));
            assertEquals(Optional.of("alice"), fromFile.subject(sign(EC, claims().build())));
            assertEquals(REFUSED, fromFile.subject(sign(RSA, claims().build())));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }
    @Test
    void userWhenEmailAndGroupsClaimsThenAttributes() {
        String jwt = sign(RSA, claims().claim("email", "alice@example.com")
                .claim("groups", java.util.List.of("mcp-users", "ops", "mcp-users")).build());
        Authenticated user = login.user(jwt).orElseThrow();
        assertEquals("alice", user.subject());
        assertEquals(new io.mcpoauth.store.SubjectAttributes("alice@example.com", java.util.List.of("mcp-users", "ops")),
                user.attributes(), "repeated groups are kept once, in order");
    }

    @Test
    void userWhenGroupsClaimIsCommaSeparatedStringThenSplit() {
        String jwt = sign(RSA, claims().claim("groups", "a, b ,c").build());
        assertEquals(java.util.List.of("a", "b", "c"), login.user(jwt).orElseThrow().attributes().groups());
    }

    @Test
    void userWhenClaimsRenamedOrTurnedOffThenFollowsConfiguration() {
        String jwt = sign(RSA, claims().claim("email", "alice@example.com").claim("mail", "a@corp.example")
                .claim("groups", java.util.List.of("g")).build());
        AssertionLogin renamed = login(Map.of("mcp.oauth.login.assertion.email-claim", "mail",
                "mcp.oauth.login.assertion.groups-claim", "none"));
        assertEquals(new io.mcpoauth.store.SubjectAttributes("a@corp.example", java.util.List.of()),
                renamed.user(jwt).orElseThrow().attributes());
    }

    @Test
    void userWhenNoAttributeClaimsThenNone() {
        assertEquals(io.mcpoauth.store.SubjectAttributes.NONE,
                login.user(sign(RSA, claims().claim("email", null).build())).orElseThrow().attributes());
    }

    @Test
    void userWhenGroupWithControlCharacterOrEmailImplausibleThenRefused() {
        assertEquals(Optional.empty(), login.user(sign(RSA, claims().claim("groups",
                java.util.List.of("ok", "evil\nline")).build())));
        assertEquals(Optional.empty(), login.user(sign(RSA, claims().claim("email", "not an address").build())));
    }

    @Test
    void userWhenAttributesInForgedAssertionThenRefused() {
        String[] parts = sign(RSA, claims().build()).split("\\.");
        String forged = Base64URL.encode(claims().claim("groups", java.util.List.of("admins")).build().toString())
                .toString();
        assertEquals(Optional.empty(), login.user(parts[0] + "." + forged + "." + parts[2]));
    }
}

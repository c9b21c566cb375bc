package io.mcpoauth.enterprise;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.jose.TestKeys;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

/** Keys of test identity providers, and ID-JAGs they sign. */
final class IdJags {

    static final String IDP = "https://idp.example.com";
    static final String AS = "https://as.example.com";
    static final String RESOURCE = "https://mcp.example.com/mcp";
    static final String CLIENT = "ide";
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static final ECKey EC = TestKeys.ec("idp-ec");
    static final RSAKey RSA = TestKeys.rsa("idp-rsa");
    static final ECKey OTHER = TestKeys.ec("idp-ec");

    private IdJags() {
    }

    /** The claims of a valid grant, issued a minute ago for five minutes. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(IDP)
                .subject("U019488227")
                .audience(AS)
                .claim("resource", RESOURCE)
                .claim("client_id", CLIENT)
                .jwtID("9e43f81b64a33f20116179")
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(240)))
                .claim("scope", "chat.read chat.history")
                .claim("email", "ada@example.com")
                .claim("groups", List.of("engineering", "staff"));
    }

    static String sign(JWTClaimsSet claims) {
        return sign(EC, new JWSHeader.Builder(JWSAlgorithm.ES256).type(IdJagVerifier.TYPE).keyID(EC.getKeyID()),
                claims);
    }

    static String sign(UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims()).build());
    }

    static String sign(JWK key, JWSHeader.Builder header, JWTClaimsSet claims) {
        return TestKeys.sign(key, header, claims);
    }

    static JWSHeader.Builder es256(JOSEObjectType type) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(EC.getKeyID());
    }
}

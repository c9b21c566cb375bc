package io.mcpoauth.enterprise;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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

    static final ECKey EC = generateEc("idp-ec");
    static final RSAKey RSA = generateRsa("idp-rsa");
    static final ECKey OTHER = generateEc("idp-ec");

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
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWSHeader.Builder es256(JOSEObjectType type) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(EC.getKeyID());
    }

    private static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}

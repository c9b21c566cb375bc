package io.mcpoauth.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
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
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/** Keys, signed assertions and settings for the assertion login tests. */
final class Tokens {

    static final String ISSUER = "mcp.example.com";
    static final String AUDIENCE = "mcp.example.com";
    static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Tokens() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims a Pomerium-like gateway would send, valid at {@link #NOW}. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .claim("email", "alice@example.com")
                .issueTime(Date.from(NOW.minusSeconds(5)))
                .notBeforeTime(Date.from(NOW.minusSeconds(5)))
                .expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings for assertion mode with the required issuer and audience, plus the given keys. */
    static AssertionSettings settings(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.login.mode", "assertion");
        m.put("mcp.oauth.login.assertion.issuer", ISSUER);
        m.put("mcp.oauth.login.assertion.audience", AUDIENCE);
        m.putAll(extra);
        return OAuthSettings.load(ConfigSource.of(m)).login().assertion();
    }
}

package io.mcpoauth.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.enterprise.IdJagVerifier;
import io.mcpoauth.jose.TestKeys;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The keys of {@link StorageServers}' identity provider and of its client that signs its own assertions, made
 * once per JVM: a server reads the public halves from its configuration when it starts, so they must exist
 * before it does. Each JWT signed here has a fresh {@code jti} and is valid from now.
 */
final class SignedJwts {

    /** The identity provider's id: the prefix of the subjects of tokens issued on its grants. */
    static final String IDP = "corp";
    static final String IDP_ISSUER = "https://idp.example.com";

    private static final RSAKey IDP_KEY = TestKeys.rsa("corp-1");
    private static final ECKey CLIENT_KEY = TestKeys.ec("signer-1");

    private SignedJwts() {
    }

    /** The identity provider's public JWK set, as {@code mcp.oauth.enterprise.idp.<id>.jwks} takes it. */
    static String idpJwks() {
        return new JWKSet(IDP_KEY.toPublicJWK()).toString();
    }

    /** The signing client's public JWK set, as {@code mcp.oauth.client.<id>.jwks} takes it. */
    static String clientJwks() {
        return new JWKSet(CLIENT_KEY.toPublicJWK()).toString();
    }

    /**
     * An Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant 3) from the
     * identity provider, RS256, for five minutes.
     *
     * @param audience the authorization server's issuer
     * @param clientId the client it is issued to, which must present it
     * @param user     the user at the identity provider ({@code sub})
     */
    static String idJag(String audience, String clientId, String user, String resource) {
        JWTClaimsSet claims = fresh(300)
                .issuer(IDP_ISSUER)
                .subject(user)
                .audience(audience)
                .claim("client_id", clientId)
                .claim("resource", resource)
                .claim("scope", "mcp:read")
                .build();
        return TestKeys.sign(IDP_KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).type(IdJagVerifier.TYPE)
                .keyID(IDP_KEY.getKeyID()), claims);
    }

    /**
     * A {@code private_key_jwt} client assertion (RFC 7523 2.2, 3) of the client, ES256, for a minute.
     *
     * @param audience the server's issuer or its token endpoint
     */
    static String clientAssertion(String clientId, String audience) {
        JWTClaimsSet claims = fresh(60).issuer(clientId).subject(clientId).audience(audience).build();
        return TestKeys.sign(CLIENT_KEY, new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(CLIENT_KEY.getKeyID()), claims);
    }

    /** Claims with a new {@code jti}, issued now and valid for the seconds given. */
    private static JWTClaimsSet.Builder fresh(long seconds) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(seconds)));
    }
}

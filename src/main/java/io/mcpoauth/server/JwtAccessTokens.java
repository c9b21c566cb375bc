package io.mcpoauth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.signing.SigningKey;
import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs JWT access tokens (RFC 9068) with the key current at issue. What a token says is the grant's, as
 * introspection reports it for an opaque token: {@code iss}, {@code sub}, {@code aud} (one resource as a string,
 * several as an array: RFC 7519 4.1.3), {@code client_id}, {@code scope} (when not empty), {@code iat},
 * {@code exp} and {@code jti} (RFC 9068 2.2); the subject's {@code email} (OpenID Connect Core 5.1, in the IANA
 * JWT claims registry) and {@code groups} (RFC 9068 2.2.3.1) when the gateway sent them, {@code idp_iss} when an
 * identity provider vouched for the subject (as introspection names it); and the subject again under the
 * configured principal claim ({@code upn} by default), which MicroProfile JWT takes as the caller's name.
 *
 * <p>No {@code auth_time} (RFC 9068 2.2.1): the gateway or identity provider authenticates the user, and neither
 * tells this server when.
 */
final class JwtAccessTokens {

    /**
     * The longest JWT issued: it must fit the {@code token} parameter of introspection and revocation
     * ({@code ParameterLimits}) and a resource server's header limits (8 KB in common servers, with the other
     * headers). Only a subject with very many or very long groups comes near it.
     */
    static final int MAX_LENGTH = 4096;

    private final String issuer;
    private final SigningKeys keys;
    private final AccessTokenFormats formats;

    JwtAccessTokens(String issuer, SigningKeys keys, AccessTokenFormats formats) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.formats = Objects.requireNonNull(formats, "formats");
    }

    /**
     * The signed token of the grant, or empty when it would be longer than {@link #MAX_LENGTH}.
     *
     * @param jti a new random id of at least 128 bits
     */
    Optional<String> sign(Grant grant, String jti, Instant now, Instant expiresAt) {
        SigningKey key = keys.current(now);
        SignedJWT jwt = new SignedJWT(header(key), claims(grant, jti, now, expiresAt));
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + key.kid() + " failed to sign", e);
        }
        String value = jwt.serialize();
        return value.length() <= MAX_LENGTH ? Optional.of(value) : Optional.empty();
    }

    private JWSHeader header(SigningKey key) {
        return key.header().type(new JOSEObjectType(formats.type())).build();
    }

    private JWTClaimsSet claims(Grant grant, String jti, Instant now, Instant expiresAt) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.subject())
                .audience(grant.resources())
                .claim("client_id", grant.clientId())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(jti);
        if (!grant.scope().isEmpty()) {
            b.claim("scope", grant.scope().toString());
        }
        SubjectAttributes a = grant.attributes();
        if (!a.email().isEmpty()) {
            b.claim("email", a.email());
        }
        if (!a.groups().isEmpty()) {
            b.claim("groups", a.groups());
        }
        if (!a.idp().isEmpty()) {
            b.claim("idp_iss", a.idp());
        }
        formats.principalClaimName().ifPresent(name -> b.claim(name, grant.subject()));
        return b.build();
    }
}

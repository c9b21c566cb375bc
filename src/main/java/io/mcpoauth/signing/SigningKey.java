package io.mcpoauth.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One of the server's signing keys: its {@code kid}, the algorithm it signs with and the private JWK. Built only
 * through {@link #of}, which checks that the key suits the algorithm (ES256: EC P-256; RS256: RSA of at least
 * 2048 bits), holds its private part, and that the private part matches the public one.
 *
 * <p>Not a record on purpose: a record's {@code toString} would print the JWK, private part included, into any
 * log that mentions the key. Two keys are equal when their kid, algorithm and key material are.
 */
public final class SigningKey {

    /** RFC 7518 3.3: an RSA key used with RS256 must be 2048 bits or larger. */
    public static final int MIN_RSA_BITS = 2048;

    private final String kid;
    private final JWSAlgorithm algorithm;
    private final JWK jwk;
    private final JWK publicJwk;
    private final JWSSigner signer;

    private SigningKey(String kid, JWSAlgorithm algorithm, JWK jwk, JWSSigner signer) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.jwk = jwk;
        this.publicJwk = jwk.toPublicJWK();
        this.signer = signer;
    }

    /**
     * The key {@code jwk} under {@code kid} for {@code algorithm}; the JWK's own kid, use and alg are replaced by
     * {@code kid}, {@code sig} and {@code algorithm}.
     *
     * @throws IllegalArgumentException naming the kid when the key is public only, does not suit the algorithm,
     *                                  or its private and public parts do not belong together
     */
    public static SigningKey of(String kid, JWSAlgorithm algorithm, JWK jwk) {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(jwk, "jwk");
        if (kid.isBlank()) {
            throw new IllegalArgumentException("a signing key needs a non-blank kid");
        }
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("signing key " + kid + ": holds no private key (a public key cannot sign)");
        }
        JWK named;
        JWSSigner signer;
        JWSVerifier verifier;
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
                    throw new IllegalArgumentException("signing key " + kid + ": ES256 needs an EC P-256 key, not "
                            + describe(jwk));
                }
                ECKey k = new ECKey.Builder(ec).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).build();
                named = k;
                signer = new ECDSASigner(k);
                verifier = new ECDSAVerifier(k.toPublicJWK());
            } else if (JWSAlgorithm.RS256.equals(algorithm)) {
                if (!(jwk instanceof RSAKey rsa)) {
                    throw new IllegalArgumentException("signing key " + kid + ": RS256 needs an RSA key, not "
                            + describe(jwk));
                }
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new IllegalArgumentException("signing key " + kid + ": an RSA key of " + rsa.size()
                            + " bits is too weak; RS256 needs at least " + MIN_RSA_BITS);
                }
                RSAKey k = new RSAKey.Builder(rsa).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).build();
                named = k;
                signer = new RSASSASigner(k);
                verifier = new RSASSAVerifier(k.toPublicJWK());
            } else {
                throw new IllegalArgumentException("signing key " + kid + ": " + algorithm
                        + " is not supported; use ES256 or RS256");
            }
            probe(kid, algorithm, signer, verifier);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("signing key " + kid + ": unusable (" + e.getMessage() + ")", e);
        }
        return new SigningKey(kid, algorithm, named, signer);
    }

    /** Signs and verifies a probe, so that a private key that does not match its public key fails at once. */
    private static void probe(String kid, JWSAlgorithm algorithm, JWSSigner signer, JWSVerifier verifier)
            throws JOSEException {
        JWSHeader header = new JWSHeader(algorithm);
        byte[] input = ("mcp-oauth signing key probe " + kid).getBytes(StandardCharsets.UTF_8);
        Base64URL signature = signer.sign(header, input);
        if (!verifier.verify(header, input, signature)) {
            throw new IllegalArgumentException("signing key " + kid
                    + ": its private part does not match its public part");
        }
    }

    private static String describe(JWK jwk) {
        return jwk instanceof ECKey ec ? "an EC " + ec.getCurve() + " key" : "a " + jwk.getKeyType() + " key";
    }

    /** The {@code kid} of the JWS header and of the published JWK. */
    public String kid() {
        return kid;
    }

    /** The {@code alg} of the JWS header. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The private JWK, with kid, use and alg set. Never publish or log it. */
    public JWK jwk() {
        return jwk;
    }

    /** The public part, as {@code /jwks} publishes it. */
    public JWK publicJwk() {
        return publicJwk;
    }

    /** Signs with this key; one signer per key, built once (Nimbus signers are safe across threads). */
    public JWSSigner signer() {
        return signer;
    }

    /** A header for a JWS by this key: its algorithm and kid (the caller adds {@code typ}). */
    public JWSHeader.Builder header() {
        return new JWSHeader.Builder(algorithm).keyID(kid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other && kid.equals(other.kid) && algorithm.equals(other.algorithm)
                && jwk.equals(other.jwk);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    /** The kid and algorithm only: never the key. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm + "]";
    }
}

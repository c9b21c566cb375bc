package io.mcpoauth.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies {@code private_key_jwt} client assertions (RFC 7523 2.2 and 3, RFC 7521 4.2; the MCP client
 * credentials extension recommends them over shared secrets). An assertion authenticates its client only when
 * <ul>
 * <li>it is signed with one of the client's public keys and an allowed asymmetric algorithm (never {@code none},
 *     never HS*, never a key the token names: RFC 8725 3.1, 3.2);</li>
 * <li>its {@code iss} and {@code sub} are both the client's id (RFC 7523 3 items 1 and 2);</li>
 * <li>its {@code aud} contains this server's issuer or its token endpoint (RFC 7523 3 item 3);</li>
 * <li>its {@code exp} is in the future but no further than the allowed lifetime, and {@code iat}, when present,
 *     not in the future (RFC 7523 3 items 4 and 6, within the clock skew);</li>
 * <li>it carries a {@code jti}, which the caller uses once until {@code exp} (RFC 7523 3 item 7);</li>
 * <li>its header {@code typ}, when present, is {@code JWT} or {@code client-authentication+jwt}, so that a JWT
 *     made for another purpose (an ID-JAG, an access token) cannot be passed off as one (RFC 8725 3.11).</li>
 * </ul>
 */
public final class ClientAssertionVerifier {

    /** The {@code client_assertion_type} of a JWT client assertion (RFC 7523 2.2). */
    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Longer assertions are refused unparsed. */
    public static final int MAX_LENGTH = 8 * 1024;
    private static final JOSEObjectType EXPLICIT_TYPE = new JOSEObjectType("client-authentication+jwt");

    private final Set<String> audiences;
    private final Clock clock;
    private final Duration skew;
    private final Duration maxLifetime;

    /**
     * @param issuer        this server's issuer
     * @param tokenEndpoint the token endpoint's URL, also accepted as the audience
     * @param maxLifetime   how far in the future {@code exp} may be
     */
    public ClientAssertionVerifier(String issuer, String tokenEndpoint, Clock clock, Duration skew,
            Duration maxLifetime) {
        this.audiences = Set.of(issuer, tokenEndpoint);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
    }

    /** The outcome of a verification. */
    public sealed interface Outcome {
    }

    /** The assertion authenticates the client; its jti is still to be used once, until {@code expiresAt}. */
    public record Accepted(String clientId, String jti, Instant expiresAt) implements Outcome {
    }

    /** The assertion is refused, for the reason given (for the log, never for the client). */
    public record Refused(String reason) implements Outcome {
    }

    /**
     * The client an assertion names, read before anything is verified, to find that client's keys; RFC 7523 3
     * lets the client omit {@code client_id} from the request. Empty for an assertion that cannot be read or
     * whose {@code iss} and {@code sub} differ.
     */
    public static Optional<String> claimedClient(String assertion) {
        if (assertion == null || assertion.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = SignedJWT.parse(assertion.trim()).getJWTClaimsSet();
            String sub = claims.getSubject();
            return sub != null && sub.equals(claims.getIssuer()) && ClockedClaimsVerifier.isPlain(sub)
                    ? Optional.of(sub) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /**
     * @param assertion  the {@code client_assertion} parameter
     * @param clientId   the client whose keys are given
     * @param keys       that client's public keys
     * @param algorithms the algorithms allowed for it
     */
    public Outcome verify(String assertion, String clientId, JWKSource<SecurityContext> keys,
            Set<JWSAlgorithm> algorithms) {
        if (assertion == null || assertion.isBlank() || assertion.length() > MAX_LENGTH) {
            return new Refused("the client assertion is missing or longer than " + MAX_LENGTH + " characters");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // null stands for "no typ": a client assertion usually has "JWT" or none (RFC 7523 predates explicit types).
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, EXPLICIT_TYPE, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWTClaimsSetVerifier(new Claims(clientId, audiences, clock, skew, maxLifetime));
        JWTClaimsSet claims;
        try {
            // SignedJWT refuses unsecured ("alg":"none") and encrypted tokens while parsing.
            claims = processor.process(SignedJWT.parse(assertion.trim()), null);
        } catch (ParseException e) {
            return new Refused("the client assertion is not a signed JWT");
        } catch (BadJOSEException | JOSEException e) {
            return new Refused(Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
        if (!ClockedClaimsVerifier.isPlain(claims.getJWTID())) {
            return new Refused("the client assertion's jti is empty, too long or has control characters");
        }
        return new Accepted(clientId, claims.getJWTID(), claims.getExpirationTime().toInstant());
    }

    /** iss and sub the client, aud this server, exp bounded, iat not in the future, against the given clock. */
    private static final class Claims extends ClockedClaimsVerifier {

        private static final Set<String> REQUIRED = new HashSet<>(List.of("iss", "sub", "aud", "exp", "jti"));

        private final Duration maxLifetime;

        Claims(String clientId, Set<String> audiences, Clock clock, Duration skew, Duration maxLifetime) {
            // Null-tolerant sets: some Nimbus versions (Payara's own, for one) ask them whether they contain null.
            super(new HashSet<>(audiences), new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).build(),
                    REQUIRED, clock, skew);
            this.maxLifetime = maxLifetime;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            if (claims.getExpirationTime().toInstant()
                    .isAfter(now().plus(maxLifetime).plusSeconds(getMaxClockSkew()))) {
                // A long-lived assertion is a bearer credential in all but name; its jti would be kept that long.
                throw new BadJWTException("JWT expires more than " + maxLifetime + " from now");
            }
        }
    }
}

package io.mcpoauth.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpoauth.jose.ClockedClaimsVerifier;
import io.mcpoauth.jose.JwkSets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code mcp.oauth.login.mode=assertion}: the SSO gateway (Pomerium, Google IAP, AWS ALB) signs a JWT naming the
 * user and sends it in a header. It is believed only when its signature verifies against the gateway's keys
 * with an accepted asymmetric algorithm (RFC 8725 3.1, 3.2), and {@code iss}, {@code aud}, {@code exp},
 * {@code nbf} and {@code iat} hold within the clock skew (RFC 7519 4.1; RFC 8725 3.8, 3.9).
 *
 * <p>Unlike {@link HeaderLogin}, the trusted-proxies list is not consulted: a plain header can be set by anyone
 * who reaches the server, so there the network path is the only proof; a signed assertion proves by itself
 * that the gateway issued it for this audience, wherever the request came from. Requiring an address as well
 * would add little (a stolen assertion is replayed through the gateway just as easily) and is brittle for IAP
 * and ALB, whose source addresses are wide, changing cloud ranges. Operators should still keep the server
 * reachable only through the gateway, since an assertion lives for minutes.
 */
public final class AssertionLogin implements GatewayLogin {

    private static final Logger LOG = Logger.getLogger(AssertionLogin.class.getName());

    /** Longer headers are refused unparsed; real assertions are one or two kilobytes. */
    static final int MAX_ASSERTION_LENGTH = 16 * 1024;

    private final AssertionSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public AssertionLogin(AssertionSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        processor = new DefaultJWTProcessor<>();
        // Only the configured asymmetric algorithms: "none" and HS* never select a key (RFC 8725 3.1).
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(new HashSet<>(settings.algorithms()), keySource(settings, clock)));
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings, clock));
    }

    /** The header that carries the assertion. */
    public String header() {
        return settings.header();
    }

    /** The user named by a valid assertion; empty for a missing, malformed, forged, stale or foreign one. */
    public Optional<String> subject(String assertion) {
        return user(assertion).map(Authenticated::subject);
    }

    /**
     * The user named by a valid assertion, with the e-mail and groups claims it carries; empty for a missing,
     * malformed, forged, stale or foreign assertion, or one whose attributes cannot be kept as they are.
     */
    public Optional<Authenticated> user(String assertion) {
        if (assertion == null || assertion.isBlank() || assertion.length() > MAX_ASSERTION_LENGTH) {
            return Optional.empty();
        }
        try {
            // SignedJWT refuses unsecured ("alg":"none") and encrypted tokens while parsing.
            SignedJWT jwt = SignedJWT.parse(assertion.trim());
            JWTClaimsSet claims = processor.process(jwt, null);
            // AWS ALB puts no aud in its tokens; its own ARN, in the header's "signer", names the audience.
            // All ALBs of a region share signing keys, so without this check another account's ALB would pass.
            if (settings.keyUrl() != null && !settings.audience().equals(jwt.getHeader().getCustomParam("signer"))) {
                throw new BadJWTException("JWT header signer is not the configured audience");
            }
            Optional<String> subject = plausible(claims.getStringClaim(settings.subjectClaim()));
            if (subject.isEmpty()) {
                return Optional.empty();
            }
            return GatewayAttributes.fromClaims(claims, settings.emailClaim(), settings.groupsClaim())
                    .map(a -> new Authenticated(subject.get(), a));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.fine(() -> "assertion refused: " + Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
            return Optional.empty();
        }
    }

    @Override
    public LoginMode mode() {
        return LoginMode.ASSERTION;
    }

    /** The signature, not the peer address, proves the gateway here: see the class comment. */
    @Override
    public Optional<Authenticated> gatewayUser(LoginRequest request) {
        return user(request.headers().apply(settings.header()));
    }

    /** Control characters in a user name can only be an attack on logs or pages. */
    private static Optional<String> plausible(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 256
                || subject.chars().anyMatch(Character::isISOControl)) {
            LOG.fine("assertion refused: the subject claim is not a plausible user name");
            return Optional.empty();
        }
        return Optional.of(subject);
    }

    private static JWKSource<SecurityContext> keySource(AssertionSettings settings, Clock clock) {
        if (settings.jwks() != null) {
            return JwkSets.fixed(settings.jwks());
        }
        if (settings.keyUrl() != null) {
            return new PemKeyUrlSource(settings.keyUrl(), (int) settings.jwksTimeout().toMillis(), clock);
        }
        return JwkSets.remote(settings.jwksUrl(), settings.jwksTimeout());
    }

    /** iss exact, aud (unless ALB), exp required, nbf and iat not in the future, all against the given clock. */
    private static final class ClaimsVerifier extends ClockedClaimsVerifier {

        ClaimsVerifier(AssertionSettings s, Clock clock) {
            // Null-tolerant sets: some Nimbus versions (Payara's own, for one) ask them whether they contain null.
            super(s.keyUrl() != null ? null : Collections.singleton(s.audience()),
                    new JWTClaimsSet.Builder().issuer(s.issuer()).build(), required(s), clock, s.clockSkew());
        }

        private static Set<String> required(AssertionSettings s) {
            Set<String> names = new HashSet<>(List.of("iss", "exp", s.subjectClaim()));
            if (s.keyUrl() == null) {
                names.add("aud");
            }
            return names;
        }
    }
}

package io.mcpoauth.enterprise;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpoauth.jose.ClockedClaimsVerifier;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.login.GatewayAttributes;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.SubjectAttributes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies Identity Assertion JWT Authorization Grants: RFC 7521 5.2 and RFC 7523 3 in full, and the ID-JAG
 * profile's rules (draft-ietf-oauth-identity-assertion-authz-grant; MCP Enterprise-Managed Authorization 5.1).
 * A grant is accepted only when
 * <ul>
 * <li>its header {@code typ} is {@code oauth-id-jag+jwt} (RFC 8725 3.11: a JWT of another kind, such as an ID
 *     token signed by the same provider, cannot be substituted);</li>
 * <li>its {@code iss} is a configured provider, and its signature verifies with that provider's keys and one of
 *     its allowed asymmetric algorithms (never {@code none}, never HS*, never a key the token names: RFC 8725
 *     3.1, 3.2);</li>
 * <li>its {@code aud} contains this server's issuer (RFC 7523 3 item 3);</li>
 * <li>its {@code client_id} is the client that authenticated the request, and the provider admits that client;</li>
 * <li>its {@code resource} is one this server serves;</li>
 * <li>its {@code exp} is in the future and its {@code iat} neither in the future nor older than the configured
 *     age, within the clock skew (RFC 7523 3 items 4 and 6);</li>
 * <li>it carries {@code sub} and {@code jti} (the caller uses the jti once: RFC 7523 3 item 7).</li>
 * </ul>
 * A refusal carries a reason for the log only: the client learns {@code invalid_grant} and nothing more.
 */
public final class IdJagVerifier {

    /** The header {@code typ} of an ID-JAG. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("oauth-id-jag+jwt");
    /** Longer assertions are refused unparsed; real grants are one or two kilobytes. */
    public static final int MAX_LENGTH = 16 * 1024;

    private final EnterpriseSettings settings;
    private final String issuer;
    private final Set<String> resources;
    private final Clock clock;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();

    /**
     * @param issuer    this server's issuer, the audience grants must name
     * @param resources the resources this server serves
     */
    public IdJagVerifier(EnterpriseSettings settings, String issuer, Set<String> resources, Clock clock) {
        this(settings, issuer, resources, clock, idp -> idp.jwks() != null ? JwkSets.fixed(idp.jwks())
                : JwkSets.remote(idp.jwksUri(), settings.jwksTimeout()));
    }

    /** As above, with the key source of each provider given (tests). */
    IdJagVerifier(EnterpriseSettings settings, String issuer, Set<String> resources, Clock clock,
            Function<IdentityProvider, JWKSource<SecurityContext>> keys) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.resources = Set.copyOf(resources);
        this.clock = Objects.requireNonNull(clock, "clock");
        for (IdentityProvider idp : settings.providers().values()) {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(idp.algorithms(), keys.apply(idp)));
            processor.setJWTClaimsSetVerifier(new Claims(idp.issuer(), issuer, settings, clock));
            processors.put(idp.issuer(), processor);
        }
    }

    /** The outcome of a verification. */
    public sealed interface Outcome {
    }

    /** The grant is valid; its jti is still to be used once. */
    public record Accepted(IdentityAssertionGrant grant) implements Outcome {
    }

    /** The grant is refused, for the reason given (for the log, never for the client). */
    public record Refused(String reason) implements Outcome {
    }

    /**
     * @param assertion the {@code assertion} parameter
     * @param clientId  the client that authenticated the request
     */
    public Outcome verify(String assertion, String clientId) {
        if (assertion == null || assertion.isBlank() || assertion.length() > MAX_LENGTH) {
            return new Refused("the assertion is missing or longer than " + MAX_LENGTH + " characters");
        }
        SignedJWT jwt;
        String iss;
        try {
            // SignedJWT refuses unsecured ("alg":"none") and encrypted tokens while parsing.
            jwt = SignedJWT.parse(assertion.trim());
            iss = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return new Refused("the assertion is not a signed JWT");
        }
        Optional<IdentityProvider> idp = settings.byIssuer(iss);
        if (idp.isEmpty()) {
            return new Refused("the assertion's issuer is not a configured identity provider");
        }
        JWTClaimsSet claims;
        try {
            claims = processors.get(iss).process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            return new Refused(idp.get().id() + ": " + Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
        }
        return accept(idp.get(), claims, clientId);
    }

    private Outcome accept(IdentityProvider idp, JWTClaimsSet claims, String clientId) {
        String who = idp.id() + ": ";
        try {
            String client = claims.getStringClaim("client_id");
            if (!Objects.equals(client, clientId)) {
                return new Refused(who + "the grant was issued to another client");
            }
            if (!idp.admits(clientId)) {
                return new Refused(who + "the client may not present this provider's grants");
            }
            String resource = claims.getStringClaim("resource");
            if (!resources.contains(resource)) {
                return new Refused(who + "the grant's resource is not served here");
            }
            String sub = claims.getSubject();
            String jti = claims.getJWTID();
            if (!ClockedClaimsVerifier.isPlain(sub) || !ClockedClaimsVerifier.isPlain(jti)) {
                return new Refused(who + "sub or jti is empty, too long or has control characters");
            }
            Optional<SubjectAttributes> attributes =
                    GatewayAttributes.fromClaims(claims, idp.emailClaim(), idp.groupsClaim());
            if (attributes.isEmpty()) {
                return new Refused(who + "the grant's e-mail or groups cannot be kept as they are");
            }
            // The provider that vouched for the subject goes with it, reported by introspection as idp_iss.
            return new Accepted(new IdentityAssertionGrant(idp, idp.subject(sub), clientId, resource,
                    Scope.parse(claims.getStringClaim("scope")), jti, claims.getExpirationTime().toInstant(),
                    attributes.get().withIdp(idp.issuer())));
        } catch (ParseException e) {
            return new Refused(who + "a claim has the wrong type: " + e.getMessage());
        }
    }

    /** iss exact, aud containing our issuer, the required claims, exp, nbf and iat against the given clock. */
    private static final class Claims extends ClockedClaimsVerifier {

        private static final Set<String> REQUIRED =
                new HashSet<>(List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id", "resource"));

        private final Duration maxAge;

        Claims(String idpIssuer, String ourIssuer, EnterpriseSettings settings, Clock clock) {
            // Null-tolerant sets: some Nimbus versions (Payara's own, for one) ask them whether they contain null.
            super(new HashSet<>(Set.of(ourIssuer)), new JWTClaimsSet.Builder().issuer(idpIssuer).build(),
                    REQUIRED, clock, settings.clockSkew());
            this.maxAge = settings.maxAge();
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            if (claims.getIssueTime().toInstant().plus(maxAge).plusSeconds(getMaxClockSkew()).isBefore(now())) {
                throw new BadJWTException("JWT issued more than " + maxAge + " ago");
            }
        }
    }
}

package io.mcpoauth.jose;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Nimbus' claims checks (exact values, audience, required claims, {@code exp} and {@code nbf} within the skew)
 * against the server's clock instead of the wall clock, and an {@code iat}, when present, not in the future
 * (RFC 7519 4.1.6; RFC 8725 3.8). Subclasses add their own rules after {@code super.verify}.
 */
public class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    /**
     * @param audience one of which {@code aud} must contain, or null for no audience check
     * @param exact    claims whose values must match exactly
     * @param required claims that must be present
     */
    public ClockedClaimsVerifier(Set<String> audience, JWTClaimsSet exact, Set<String> required, Clock clock,
            Duration skew) {
        super(audience, exact, required, null);
        this.clock = clock;
        setMaxClockSkew((int) skew.toSeconds());
    }

    /** The most an id-like claim ({@code sub}, {@code jti}) may hold. */
    public static final int MAX_CLAIM_LENGTH = 256;

    /** An id-like claim that can be kept and logged as it is: present, not blank, short, no control characters. */
    public static boolean isPlain(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_CLAIM_LENGTH
                && value.chars().noneMatch(Character::isISOControl);
    }

    /** The server's time now. */
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        super.verify(claims, context);
        Date issued = claims.getIssueTime();
        if (issued != null && issued.toInstant().isAfter(now().plusSeconds(getMaxClockSkew()))) {
            throw new BadJWTException("JWT issued in the future");
        }
    }
}

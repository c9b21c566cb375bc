package io.mcpoauth.server.admin;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A block's end as an operator writes it: an RFC 3339 date-time with its offset ({@code 2027-03-01T00:00:00Z})
 * or seconds since the epoch, after now and within {@link #MAX} of it; absent, a default the caller gives.
 */
final class Until {

    /** The longest block: a subject refused for good belongs in {@code mcp.oauth.subjects.deny}. */
    static final Duration MAX = Duration.ofDays(3660);

    private Until() {
    }

    static Instant parse(String value, Instant now, Instant defaultValue) {
        ParameterLimits.check("until", value);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        Instant until;
        try {
            until = value.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(value))
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException | NumberFormatException e) {
            throw OAuthException.invalidRequest("until must be an RFC 3339 date-time or seconds since the epoch");
        }
        if (!until.isAfter(now) || until.isAfter(now.plus(MAX))) {
            throw OAuthException.invalidRequest("until must be in the future, at most " + MAX.toDays()
                    + " days ahead (use mcp.oauth.subjects.deny to refuse a subject for good)");
        }
        return until;
    }
}

package io.mcpoauth.server;

import io.mcpoauth.audit.LogText;
import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.UsedIdStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Checks a {@code private_key_jwt} client's assertion (RFC 7523 2.2 and 3): verified with the client's keys and
 * algorithms, then its {@code jti} used once, across server instances, until the assertion could no longer be
 * accepted (RFC 7523 3 item 7: a replay is refused).
 */
public final class ClientAssertions {

    private static final Logger LOG = Logger.getLogger(ClientAssertions.class.getName());

    private final ClientAssertionVerifier verifier;
    private final AssertionKeys keys;
    private final UsedIdStore usedIds;
    private final Duration clockSkew;
    private final Clock clock;

    public ClientAssertions(ClientAssertionVerifier verifier, AssertionKeys keys, UsedIdStore usedIds, Duration clockSkew,
            Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.usedIds = Objects.requireNonNull(usedIds, "usedIds");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether the assertion authenticates the client, and its {@code jti} had not been used.
     *
     * @param operatorTrusted whether the client is configured (its {@code jwks-uri} is the operator's)
     */
    boolean accepts(ClientRecord client, boolean operatorTrusted, String assertion) {
        AssertionKeys.Keys k;
        try {
            k = keys.of(client, operatorTrusted);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "client " + LogText.line(client.clientId()) + " has unusable keys: "
                    + LogText.line(e.getMessage()));
            return false;
        }
        ClientAssertionVerifier.Outcome outcome = verifier.verify(assertion, client.clientId(), k.source(),
                k.algorithms());
        if (outcome instanceof ClientAssertionVerifier.Refused refused) {
            LOG.fine(() -> "client assertion refused: " + LogText.line(refused.reason()));
            return false;
        }
        ClientAssertionVerifier.Accepted accepted = (ClientAssertionVerifier.Accepted) outcome;
        // Kept until exp plus the skew: until then the verifier would accept the same assertion again.
        boolean first = usedIds.markUsed(UsedIdStore.idHash("client-assertion", client.clientId(), accepted.jti()),
                accepted.expiresAt().plus(clockSkew), clock.instant());
        if (!first) {
            LOG.fine(() -> "client assertion refused: its jti was used before");
        }
        return first;
    }
}

package io.mcpoauth.store;

import io.mcpoauth.crypto.Tokens;
import java.time.Instant;

/**
 * Ids that may be used once until they expire: the {@code jti} of a JWT authorization grant or of a client
 * assertion (RFC 7523 3 item 7: the authorization server may keep the used {@code jti} values for as long as the
 * JWT would be accepted, to refuse a replay). One atomic step in every backend, across server instances.
 */
public interface UsedIdStore {

    /**
     * Records the id as used until {@code expiresAt}.
     *
     * @param idHash    a digest naming the id and who issued it (never the raw value, so keys stay bounded)
     * @param expiresAt until when the id would still be accepted, clock skew included
     * @return true for the first use; false while an earlier use is recorded, and for an id already expired at
     *         {@code now}, whose single use can no longer be guaranteed
     */
    boolean markUsed(String idHash, Instant expiresAt, Instant now);

    /**
     * The {@code idHash} of an id used once: a digest naming the purpose, who issued the id and the id, the issuer
     * length-prefixed so that no two triples collide, and bounded whatever the id holds.
     *
     * @param purpose what the id is spent on ({@code id-jag}, {@code client-assertion}), so two kinds never meet
     */
    static String idHash(String purpose, String issuer, String id) {
        return Tokens.hash(purpose + "|" + issuer.length() + ":" + issuer + "|" + id);
    }
}

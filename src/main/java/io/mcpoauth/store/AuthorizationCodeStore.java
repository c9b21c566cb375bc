package io.mcpoauth.store;

import java.time.Instant;

/** Authorization codes, single use by contract. */
public interface AuthorizationCodeStore {

    /** Stores a new code; it expires at {@link AuthorizationCode#expiresAt()}, counted from {@code now}. */
    void save(AuthorizationCode code, Instant now);

    /**
     * Consumes the code with the given hash. When two callers consume the same code at the same time,
     * in two threads or on two server instances sharing the store, exactly one gets {@link
     * CodeConsumption.Consumed}; every other call, then and later until the code's expiry, gets {@link
     * CodeConsumption.Replayed}. An unknown or expired code gives {@link CodeConsumption#NOT_FOUND}.
     */
    CodeConsumption consume(String codeHash, Instant now);
}

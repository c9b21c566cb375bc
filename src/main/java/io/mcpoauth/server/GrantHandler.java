package io.mcpoauth.server;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;

/** Handles one {@code grant_type} at the token endpoint, for an already authenticated client. */
public interface GrantHandler {

    /** The {@code grant_type} value this handler answers. */
    GrantType grantType();

    /**
     * Whether the configuration turns this grant type on. A handler that is off answers like an unknown grant
     * type, {@code unsupported_grant_type}, and the metadata leaves it out.
     */
    default boolean enabled() {
        return true;
    }

    TokenResponse handle(TokenRequest request, ClientRecord client, Instant now);
}

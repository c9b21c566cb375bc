package io.mcpoauth.server;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;

/** Handles one {@code grant_type} at the token endpoint, for an already authenticated client. */
public interface GrantHandler {

    /** The {@code grant_type} value this handler answers. */
    GrantType grantType();

    TokenResponse handle(TokenRequest request, ClientRecord client, Instant now);
}

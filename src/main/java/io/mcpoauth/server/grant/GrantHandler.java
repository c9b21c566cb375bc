package io.mcpoauth.server.grant;

import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;

/** Handles one {@code grant_type} at the token endpoint, for an already authenticated client. */
public interface GrantHandler {

    /** The {@code grant_type} value this handler answers. */
    String grantType();

    TokenResponse handle(TokenRequest request, ClientRecord client, Instant now);
}

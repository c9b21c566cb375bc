package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import java.util.Objects;

/**
 * An authorization-endpoint error that is reported to the client by redirect (RFC 6749 4.1.2.1): the client
 * and redirect URI were valid, so the error goes back to {@link #redirectUri()} with {@code error},
 * {@code error_description}, {@code state} and {@code iss}. Errors about the client or the redirect URI
 * itself are plain {@link OAuthException}s shown as a page, never redirected.
 */
public class AuthorizationRedirectException extends OAuthException {

    private static final long serialVersionUID = 1L;

    private final String redirectUri;
    private final String state;

    public AuthorizationRedirectException(OAuthError error, String description, String redirectUri, String state) {
        super(error, description);
        this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
        this.state = state;
    }

    public String redirectUri() {
        return redirectUri;
    }

    /** The client's state, or null when it sent none. */
    public String state() {
        return state;
    }
}

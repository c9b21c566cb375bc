package io.mcpoauth.protocol;

import java.util.Objects;

/**
 * The one exception that carries an OAuth error. {@link #getMessage()} is the client-facing
 * {@code error_description}: it must never contain a secret, a token or an internal detail.
 */
public class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OAuthError error;

    public OAuthException(OAuthError error, String description) {
        super(description, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public OAuthException(OAuthError error, String description, Throwable cause) {
        super(description, cause, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }

    public static OAuthException invalidClient(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description);
    }

    public static OAuthException invalidGrant(String description) {
        return new OAuthException(OAuthError.INVALID_GRANT, description);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException(OAuthError.INVALID_SCOPE, description);
    }

    public static OAuthException invalidTarget(String description) {
        return new OAuthException(OAuthError.INVALID_TARGET, description);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException(OAuthError.UNAUTHORIZED_CLIENT, description);
    }
}

package io.mcpoauth.protocol;

import java.util.Objects;

/**
 * An OAuth error, answered to the client as an RFC 6749 5.2 JSON body. Its type says where the error goes:
 * this class to the client that sent the request, {@link UserFacingException} to the user as a page, and the
 * authorization endpoint's redirect to the client's redirect URI.
 *
 * <p>{@link #getMessage()} is the client-facing {@code error_description}: it must never contain a secret, a
 * token or an internal detail. What the operator needs to know beyond it travels in {@link #debug()}, which is
 * logged and never sent (fosite's hint and debug).
 */
public class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OAuthError error;
    private final String debug;

    public OAuthException(OAuthError error, String description) {
        this(error, description, null, null);
    }

    public OAuthException(OAuthError error, String description, Throwable cause) {
        this(error, description, null, cause);
    }

    /**
     * @param debug what the log gets beside the description (why the request failed, in the server's terms), or
     *              null; never sent to the client
     */
    public OAuthException(OAuthError error, String description, String debug, Throwable cause) {
        super(description, cause, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.debug = debug;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /** The log-only detail, or null: never part of a response. */
    public String debug() {
        return debug;
    }

    /** Seconds the client should wait before trying again (RFC 9110 10.2.3), or 0 when it need not wait. */
    public long retryAfterSeconds() {
        return 0;
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

package io.mcpoauth.protocol;

/**
 * An OAuth error shown to the user in the browser as a page, never sent to a client: the authorization request's
 * client or redirect URI could not be trusted with it (RFC 6749 4.1.2.1, RFC 9700 4.11.2), or the user is the one
 * at the login or consent step. Raised by the code that knows a person is looking: the authorization request's
 * validation, the steps after it, and the pages' resources for whatever fails under them.
 */
public class UserFacingException extends OAuthException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public UserFacingException(OAuthError error, String description) {
        this(error, description, null, null, 0);
    }

    /** The page for an error raised without knowing its audience: the same code, text, detail and wait. */
    public UserFacingException(OAuthException shown) {
        this(shown.error(), shown.description(), shown.debug(), shown, shown.retryAfterSeconds());
    }

    public UserFacingException(OAuthError error, String description, String debug, Throwable cause,
            long retryAfterSeconds) {
        super(error, description, debug, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

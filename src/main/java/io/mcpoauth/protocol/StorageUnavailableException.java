package io.mcpoauth.protocol;

/**
 * Storage could not be reached or refused a write (for example the in-memory bound was hit).
 * Answered as 503 {@code temporarily_unavailable} with {@code Retry-After}: never a false
 * {@code invalid_grant}, never a 500.
 */
public class StorageUnavailableException extends OAuthException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String description, Throwable cause) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, description, cause);
    }

    public StorageUnavailableException(String description) {
        super(OAuthError.TEMPORARILY_UNAVAILABLE, description);
    }
}

package io.mcpoauth.store;

/**
 * Storage could not be reached, or refused a write (the in-memory bound was hit). Every backend throws this, and
 * only this, when it cannot answer: never a false "not found", never a driver's exception. The message says what
 * failed, for the log only; the web layer answers 503 {@code temporarily_unavailable} with {@code Retry-After}
 * and a fixed description.
 */
public class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageUnavailableException(String message) {
        super(message);
    }
}

package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.StorageUnavailableException;

/** The reason an audit line gives for a failure: the error code the client is answered. */
final class AuditReasons {

    private AuditReasons() {
    }

    /** An OAuth error's code, {@code temporarily_unavailable} for storage, {@code server_error} otherwise. */
    static String of(RuntimeException e) {
        if (e instanceof OAuthException refusal) {
            return refusal.error().code();
        }
        return e instanceof StorageUnavailableException ? OAuthError.TEMPORARILY_UNAVAILABLE.code()
                : OAuthError.SERVER_ERROR.code();
    }
}

package io.mcpoauth.protocol;

import java.util.Objects;

/**
 * An OAuth error code with the HTTP status it is answered with (RFC 6749 4.1.2.1, 5.2; RFC 7009 2.2.1;
 * RFC 8707 2). The description a client sees travels in {@link OAuthException}.
 */
public record OAuthError(String code, int httpStatus) {

    public static final OAuthError INVALID_REQUEST = new OAuthError("invalid_request", 400);
    /** RFC 6749 5.2: 401 when the client tried to authenticate; the mapper adds WWW-Authenticate. */
    public static final OAuthError INVALID_CLIENT = new OAuthError("invalid_client", 401);
    public static final OAuthError INVALID_GRANT = new OAuthError("invalid_grant", 400);
    public static final OAuthError UNAUTHORIZED_CLIENT = new OAuthError("unauthorized_client", 400);
    public static final OAuthError UNSUPPORTED_GRANT_TYPE = new OAuthError("unsupported_grant_type", 400);
    public static final OAuthError UNSUPPORTED_RESPONSE_TYPE = new OAuthError("unsupported_response_type", 400);
    public static final OAuthError INVALID_SCOPE = new OAuthError("invalid_scope", 400);
    public static final OAuthError INVALID_TARGET = new OAuthError("invalid_target", 400);
    public static final OAuthError ACCESS_DENIED = new OAuthError("access_denied", 403);
    public static final OAuthError LOGIN_REQUIRED = new OAuthError("login_required", 401);
    /** RFC 7591 3.2.2. */
    public static final OAuthError INVALID_REDIRECT_URI = new OAuthError("invalid_redirect_uri", 400);
    public static final OAuthError INVALID_CLIENT_METADATA = new OAuthError("invalid_client_metadata", 400);
    /** RFC 6750 3.1: a missing or wrong bearer token (the registration endpoint's initial access token). */
    public static final OAuthError INVALID_TOKEN = new OAuthError("invalid_token", 401);
    public static final OAuthError SERVER_ERROR = new OAuthError("server_error", 500);
    public static final OAuthError TEMPORARILY_UNAVAILABLE = new OAuthError("temporarily_unavailable", 503);
    /**
     * RFC 6585 4: a rate limit refused the request, answered 429 with {@code Retry-After}. RFC 6749 has no code
     * for it; the body says {@code temporarily_unavailable}, the nearest, so that a client knowing only the RFC
     * codes waits and retries. The status and the header say what happened.
     */
    public static final OAuthError TOO_MANY_REQUESTS = new OAuthError("temporarily_unavailable", 429);

    /**
     * Not an RFC 6749 code: a path this server does not serve, an endpoint its configuration switched off, or an
     * administration call naming a client that does not exist; the same shape as the OAuth errors.
     */
    public static final OAuthError NOT_FOUND = new OAuthError("not_found", 404);
    /** Not an RFC 6749 code: an administration call the configuration forbids (deleting a configured client). */
    public static final OAuthError CONFLICT = new OAuthError("conflict", 409);

    public OAuthError {
        Objects.requireNonNull(code, "code");
    }
}

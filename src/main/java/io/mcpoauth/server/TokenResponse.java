package io.mcpoauth.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A successful token response (RFC 6749 5.1).
 *
 * @param accessToken  the access token
 * @param expiresIn    its lifetime in seconds
 * @param refreshToken the refresh token, or null when none was issued
 * @param scope        the granted scope, or empty
 */
public record TokenResponse(String accessToken, long expiresIn, String refreshToken, String scope) {

    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(scope, "scope");
    }

    /** The JSON members, with absent ones left out (never a {@code null}). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        m.put("token_type", "Bearer");
        m.put("expires_in", expiresIn);
        if (refreshToken != null) {
            m.put("refresh_token", refreshToken);
        }
        if (!scope.isEmpty()) {
            m.put("scope", scope);
        }
        return m;
    }
}

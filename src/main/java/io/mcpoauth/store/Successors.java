package io.mcpoauth.store;

import java.util.Objects;

/**
 * What a rotation that wins stores in its step ({@link RefreshTokenStore#rotateAndIssue}): the presented refresh
 * token's successor and, when given, the access token issued with it, so that a refresh writes once. Neither is
 * stored when the rotation does not win.
 *
 * @param refreshToken the successor, with its own hash and the presented token's grant
 * @param accessToken  the access token of the same grant, or {@code null}
 */
public record Successors(RefreshTokenRecord refreshToken, AccessTokenRecord accessToken) {

    public Successors {
        Objects.requireNonNull(refreshToken, "refreshToken");
        if (accessToken != null && !accessToken.grant().grantId().equals(refreshToken.grant().grantId())) {
            throw new IllegalArgumentException("the access token must be of the successor's grant");
        }
    }
}

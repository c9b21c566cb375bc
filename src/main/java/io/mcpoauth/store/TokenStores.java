package io.mcpoauth.store;

import java.util.Objects;

/**
 * The token stores of one backend, one per concern; a backend usually serves them all with one object. Callers
 * take the view they need ({@link Storage#accessTokens()} and its siblings); only storage migration takes
 * {@link #transfer()}.
 */
public record TokenStores(AccessTokenStore access, RefreshTokenStore refresh, GrantRevocationStore grants,
        TokenTransfer transfer) {

    public TokenStores {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(transfer, "transfer");
    }

    /** Every view served by one store. */
    public static <T extends AccessTokenStore & RefreshTokenStore & GrantRevocationStore & TokenTransfer>
            TokenStores of(T store) {
        return new TokenStores(store, store, store, store);
    }
}

package io.mcpoauth.store;

import io.mcpoauth.lang.Require;

/**
 * The stores one backend is made of, one per concern. Callers take the one they need from {@link Storage}
 * ({@link Storage#accessTokens()} and its siblings); only storage migration takes {@link #transfer()}.
 */
public record Stores(ClientStore clients, AuthorizationCodeStore codes, AccessTokenStore access,
        RefreshTokenStore refresh, GrantRevocationStore grants, TokenTransfer transfer,
        PendingAuthorizationStore pending, ConsentStore consents, UsedIdStore usedIds,
        GrantIndexStore grantIndex, SubjectBlockStore subjectBlocks, SigningKeyStore signingKeys) {

    public Stores {
        Require.nonNull("clients, codes, access, refresh, grants, transfer, pending, consents, usedIds, grantIndex,"
                + " subjectBlocks, signingKeys",
                clients, codes, access, refresh, grants, transfer, pending, consents, usedIds, grantIndex,
                subjectBlocks, signingKeys);
    }

    /** The stores of a backend whose one token store serves every token concern. */
    public static <T extends AccessTokenStore & RefreshTokenStore & GrantRevocationStore & TokenTransfer> Stores of(
            ClientStore clients, AuthorizationCodeStore codes, T tokens, PendingAuthorizationStore pending,
            ConsentStore consents, UsedIdStore usedIds, GrantIndexStore grantIndex, SubjectBlockStore subjectBlocks,
            SigningKeyStore signingKeys) {
        return new Stores(clients, codes, tokens, tokens, tokens, tokens, pending, consents, usedIds, grantIndex,
                subjectBlocks, signingKeys);
    }
}

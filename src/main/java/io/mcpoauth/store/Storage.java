package io.mcpoauth.store;

/**
 * One storage backend: the stores it provides, its health and its life cycle. The CDI producer builds exactly
 * one, chosen by {@code mcp.oauth.storage}. No store reads a clock: every call that reads, writes or removes takes
 * the {@code now} of the provider's one clock, and a backend that derives a time to live counts it from there.
 */
public interface Storage extends AutoCloseable {

    /** The configuration name of the backend: {@code memory}, {@code redis}, {@code jdbc}. */
    String name();

    /** The backend's stores, one per concern; callers take the one they need from the methods below. */
    Stores stores();

    default ClientStore clients() {
        return stores().clients();
    }

    default AuthorizationCodeStore codes() {
        return stores().codes();
    }

    default AccessTokenStore accessTokens() {
        return stores().access();
    }

    default RefreshTokenStore refreshTokens() {
        return stores().refresh();
    }

    default GrantRevocationStore grants() {
        return stores().grants();
    }

    /** Export and import of tokens and revoked grants, for storage migration only. */
    default TokenTransfer tokenTransfer() {
        return stores().transfer();
    }

    default PendingAuthorizationStore pendingAuthorizations() {
        return stores().pending();
    }

    default ConsentStore consents() {
        return stores().consents();
    }

    /** The ids of signed grants and client assertions already used. */
    default UsedIdStore usedIds() {
        return stores().usedIds();
    }

    /** Live grants by subject and by client, for the admin API and offboarding. */
    default GrantIndexStore grantIndex() {
        return stores().grantIndex();
    }

    /** Subjects refused until a time. */
    default SubjectBlockStore subjectBlocks() {
        return stores().subjectBlocks();
    }

    /** The server's generated signing keys (JWT access tokens). */
    default SigningKeyStore signingKeys() {
        return stores().signingKeys();
    }

    /** A cheap round trip that proves the backend can read and write now. */
    StorageHealth checkHealth();

    /** Removes expired entries; backends that expire by themselves do nothing. @return entries removed */
    default long purgeExpired(java.time.Instant now) {
        return 0;
    }

    @Override
    default void close() {
    }
}

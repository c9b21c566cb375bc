package io.mcpoauth.store;

/**
 * One storage backend: the stores it provides, its health and its life cycle. The CDI producer in
 * {@code io.mcpoauth.config} builds exactly one, chosen by {@code mcp.oauth.storage}.
 */
public interface Storage extends AutoCloseable {

    /** The configuration name of the backend: {@code memory}, {@code redis}, {@code jdbc}. */
    String name();

    ClientStore clients();

    AuthorizationCodeStore codes();

    TokenStore tokens();

    PendingAuthorizationStore pendingAuthorizations();

    ConsentStore consents();

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

package io.mcpoauth.store;

import java.util.Optional;

/** Clients registered at run time (clients from configuration do not live here). */
public interface ClientStore {

    /**
     * Saves or replaces the client. A client with {@link ClientRecord#expiresAt()} is removed after that time
     * (by TTL or by {@link Storage#purgeExpired}); saving it again without expiry keeps it for good.
     */
    void save(ClientRecord client);

    /** The client, if stored; callers treat one past its {@link ClientRecord#expiresAt()} as absent. */
    Optional<ClientRecord> find(String clientId);

    /** @return true when a client was removed */
    boolean delete(String clientId);

    /** Number of stored clients, for bounds and statistics. */
    long count();
}

package io.mcpoauth.store;

import java.util.Optional;

/** Clients registered at run time (clients from configuration do not live here). */
public interface ClientStore {

    /** Saves or replaces the client. */
    void save(ClientRecord client);

    Optional<ClientRecord> find(String clientId);

    /** @return true when a client was removed */
    boolean delete(String clientId);

    /** Number of stored clients, for bounds and statistics. */
    long count();
}

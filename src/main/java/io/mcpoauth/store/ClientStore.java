package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * Calls the action for every client not expired at {@code now}, for an export: streamed, never the whole
     * store in memory. A client present for the whole call is seen at least once (a scanning backend may show
     * it twice); one saved or deleted meanwhile may or may not be seen. {@link #save} is the matching import.
     */
    void forEach(Instant now, Consumer<? super ClientRecord> action);
}

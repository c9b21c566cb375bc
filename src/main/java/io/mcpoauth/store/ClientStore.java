package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Clients registered at run time (clients from configuration do not live here). */
public interface ClientStore {

    /**
     * Saves or replaces the client. A client with {@link ClientRecord#expiresAt()} is removed after that time
     * (by TTL or by {@link Storage#purgeExpired}); saving it again without expiry keeps it for good. One already
     * expired at {@code now} is removed instead.
     */
    void save(ClientRecord client, Instant now);

    /** The client, if stored and not expired at {@code now}. */
    Optional<ClientRecord> find(String clientId, Instant now);

    /**
     * Removes the client. When two callers delete the same client at once, exactly one gets true.
     * @return true when a client live at {@code now} was removed
     */
    boolean delete(String clientId, Instant now);

    /**
     * One page of the clients not expired at {@code now} that pass the query, ordered by client id ascending.
     *
     * @param after exclusive cursor: the {@link Page#next()} of the previous page, null for the first
     * @param limit the most clients on the page (see {@link Page#limit})
     */
    Page<ClientRecord> list(ClientQuery query, String after, int limit, Instant now);

    /** Number of clients not expired at {@code now}, for bounds and statistics. */
    long count(Instant now);

    /**
     * Calls the action for every client not expired at {@code now}, for an export: streamed, never the whole
     * store in memory. A client present for the whole call is seen at least once (a scanning backend may show
     * it twice); one saved or deleted meanwhile may or may not be seen. {@link #save} is the matching import.
     */
    void forEach(Instant now, Consumer<? super ClientRecord> action);
}

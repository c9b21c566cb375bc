package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Remembered consents, one per (subject, client). */
public interface ConsentStore {

    /**
     * Saves or replaces the consent of the record's subject for its client; it expires at its expiresAt, counted
     * from {@code now}. One already expired at {@code now} leaves no consent stored.
     */
    void save(ConsentRecord consent, Instant now);

    /** The unexpired consent, if any. */
    Optional<ConsentRecord> find(String subject, String clientId, Instant now);

    /** Forgets the consent, so the user is asked again. @return true when one live at {@code now} was removed */
    boolean revoke(String subject, String clientId, Instant now);

    /**
     * Calls the action for every consent not expired at {@code now}, for an export, streamed as {@link
     * ClientStore#forEach} is. {@link #save} is the matching import.
     */
    void forEach(Instant now, Consumer<? super ConsentRecord> action);
}

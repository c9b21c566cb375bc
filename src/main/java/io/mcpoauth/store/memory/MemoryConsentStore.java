package io.mcpoauth.store.memory;

import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ConsentStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** Remembered consents in a {@link ConcurrentHashMap}, keyed by subject and client. */
public final class MemoryConsentStore implements ConsentStore {

    private final ConcurrentMap<String, ConsentRecord> consents = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryConsentStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    /** The subject's length first, so that no (subject, client) pair can collide with another. */
    private static String key(String subject, String clientId) {
        return subject.length() + ":" + subject + clientId;
    }

    @Override
    public void save(ConsentRecord consent, Instant now) {
        String key = key(consent.subject(), consent.clientId());
        if (consent.isExpired(now)) {
            bound.remove(consents, key);
            return;
        }
        bound.put(consents, key, consent, now);
    }

    @Override
    public Optional<ConsentRecord> find(String subject, String clientId, Instant now) {
        ConsentRecord c = consents.get(key(subject, clientId));
        return c == null || c.isExpired(now) ? Optional.empty() : Optional.of(c);
    }

    @Override
    public boolean revoke(String subject, String clientId, Instant now) {
        ConsentRecord removed = bound.remove(consents, key(subject, clientId));
        return removed != null && !removed.isExpired(now);
    }

    /** Iterates the map (weakly consistent: no copy, no lock). */
    @Override
    public void forEach(Instant now, Consumer<? super ConsentRecord> action) {
        consents.values().stream().filter(c -> !c.isExpired(now)).forEach(action);
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(consents, (key, consent) -> consent.isExpired(now));
    }

    int size() {
        return consents.size();
    }
}

package io.mcpoauth.server;

import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds clients: those declared in configuration first, then https client ids through their metadata
 * documents, then those registered in storage. The last two named themselves: they are handed out as
 * {@link RegisteredClientPolicy} lets them act today, whatever they were registered with.
 */
public final class ClientRegistry {

    private final Map<String, ClientRecord> configured;
    private final ClientStore store;
    private final ClientIdMetadataResolver documents;
    private final RegisteredClientPolicy policy;
    private final Clock clock;

    ClientRegistry(Map<String, ClientRecord> configured, ClientStore store, ClientIdMetadataResolver documents,
            RegisteredClientPolicy policy, Clock clock) {
        this.configured = Map.copyOf(configured);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<ClientRecord> find(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        ClientRecord c = configured.get(clientId);
        if (c != null) {
            return Optional.of(c);
        }
        if (documents.enabled() && ClientIdMetadataResolver.isMetadataUrl(clientId)) {
            return Optional.of(policy.limit(documents.resolve(clientId)));
        }
        return store.find(clientId, clock.instant()).map(policy::limit);
    }

    /** A client the operator declared in configuration: the only ones trusted without a user's word. */
    boolean isConfigured(String clientId) {
        return configured.containsKey(clientId);
    }

    /**
     * Records that a registered client obtained a token: from now on it is kept for good, instead of being
     * removed as an unused registration. Costs a write only the first time.
     */
    public void markUsed(ClientRecord client) {
        if (client.expiresAt() != null) {
            // The stored record, not the limited one in hand: a later configuration may allow it more again.
            Instant now = clock.instant();
            store.find(client.clientId(), now).ifPresent(stored -> store.save(stored.withoutExpiry(), now));
        }
    }
}

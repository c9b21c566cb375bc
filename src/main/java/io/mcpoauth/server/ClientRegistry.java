package io.mcpoauth.server;

import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Finds clients: those declared in configuration first, then those registered in storage. */
public final class ClientRegistry {

    private final Map<String, ClientRecord> configured;
    private final ClientStore store;

    public ClientRegistry(Map<String, ClientRecord> configured, ClientStore store) {
        this.configured = Map.copyOf(configured);
        this.store = Objects.requireNonNull(store, "store");
    }

    public Optional<ClientRecord> find(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        ClientRecord c = configured.get(clientId);
        return c != null ? Optional.of(c) : store.find(clientId);
    }
}

package io.mcpoauth.store;

import java.util.Map;

/** The result of a storage health check, with figures for the readiness response. */
public record StorageHealth(boolean up, Map<String, Object> data) {

    public StorageHealth {
        data = Map.copyOf(data);
    }
}

package io.mcpoauth.store;

import io.mcpoauth.config.ConfigSource;
import java.util.Objects;

/**
 * Which storage backend holds the server's state.
 *
 * @param backend {@code mcp.oauth.storage}: {@code memory} (default; one instance, lost at restart),
 *                {@code redis} ({@code mcp.oauth.redis.*}) or {@code jdbc} ({@code mcp.oauth.jdbc.*})
 */
public record StorageSettings(Backend backend) {

    /** The values of {@code mcp.oauth.storage}. */
    public enum Backend { MEMORY, REDIS, JDBC }

    public StorageSettings {
        Objects.requireNonNull(backend, "backend");
    }

    public static StorageSettings load(ConfigSource c) {
        return new StorageSettings(c.oneOf("mcp.oauth.storage", Backend.MEMORY));
    }
}

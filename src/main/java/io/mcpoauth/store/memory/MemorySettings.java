package io.mcpoauth.store.memory;

import io.mcpoauth.config.ConfigSource;

/**
 * The in-memory backend's bounds ({@code mcp.oauth.memory.*}).
 *
 * @param maxEntries      {@code .max-entries} (default 1,000,000): tokens, codes, clients and consents together
 * @param maxPendingBytes {@code .max-pending-bytes} (default 64 MiB): what pending authorization requests may
 *                        hold, apart from the entries, so a flood of them cannot take the room tokens need
 */
public record MemorySettings(int maxEntries, long maxPendingBytes) {

    public static MemorySettings load(ConfigSource c) {
        return new MemorySettings(
                c.integer("mcp.oauth.memory.max-entries", 1_000_000, 1, Integer.MAX_VALUE),
                c.number("mcp.oauth.memory.max-pending-bytes", 64L * 1024 * 1024, 1L << 20, 1L << 40));
    }
}

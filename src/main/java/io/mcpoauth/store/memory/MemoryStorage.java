package io.mcpoauth.store.memory;

import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.Stores;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory backend ({@code memory}): for one server instance only, lost on restart.
 *
 * <p>Every entry (client, code or consumed-code marker, access token, refresh token, revoked-grant marker,
 * pending request, indexed grant, subject block) counts against one bound of {@code maxEntries}. A save that would pass it first purges the
 * entries expired at the {@code now} it was given (never by a clock of its own, so nothing the caller thinks live
 * is purged), and throws {@link
 * io.mcpoauth.store.StorageUnavailableException} if the store is still full. Expiry is by timestamps:
 * lazy on read, plus {@link #purgeExpired}, which the container calls periodically; nothing here runs on a
 * timer or thread of its own. Single use (codes, refresh-token rotation, pending requests) is documented on
 * each store.
 */
public final class MemoryStorage implements Storage {

    public static final String NAME = "memory";

    private final EntryBound bound;
    private final MemoryClientStore clients;
    private final MemoryCodeStore codes;
    private final MemoryTokenStore tokens;
    private final Stores stores;
    private final MemoryPendingStore pending;
    private final MemoryConsentStore consents;
    private final MemoryUsedIdStore usedIds;
    private final MemoryGrantIndexStore grantIndex;
    private final MemorySubjectBlockStore subjectBlocks;
    private final MemorySigningKeyStore signingKeys = new MemorySigningKeyStore();

    /** Default of {@code mcp.oauth.memory.max-pending-bytes}. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;

    public MemoryStorage(int maxEntries) {
        this(maxEntries, DEFAULT_MAX_PENDING_BYTES);
    }

    /** @param maxPendingBytes the budget of the pending authorization requests together, in estimated bytes */
    public MemoryStorage(int maxEntries, long maxPendingBytes) {
        this.bound = new EntryBound(maxEntries, this::purgeExpired);
        this.clients = new MemoryClientStore(bound);
        this.codes = new MemoryCodeStore(bound);
        this.tokens = new MemoryTokenStore(bound);
        this.pending = new MemoryPendingStore(bound, maxPendingBytes, this::purgeExpired);
        this.consents = new MemoryConsentStore(bound);
        this.usedIds = new MemoryUsedIdStore(bound);
        this.grantIndex = new MemoryGrantIndexStore(bound);
        this.subjectBlocks = new MemorySubjectBlockStore(bound);
        this.stores = Stores.of(clients, codes, tokens, pending, consents, usedIds, grantIndex, subjectBlocks,
                signingKeys);
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Entries held now, against {@link #maxEntries()}. */
    public long entries() {
        return bound.count();
    }

    public long maxEntries() {
        return bound.max();
    }

    /** Memory is always reachable; the figures show how close the store is to its bound. */
    @Override
    public StorageHealth checkHealth() {
        return new StorageHealth(true, Map.ofEntries(
                Map.entry("entries", bound.count()),
                Map.entry("maxEntries", bound.max()),
                Map.entry("clients", (long) clients.size()),
                Map.entry("codes", (long) codes.size()),
                Map.entry("accessTokens", (long) tokens.accessTokenCount()),
                Map.entry("refreshTokens", (long) tokens.refreshTokenCount()),
                Map.entry("revokedGrants", (long) tokens.revokedGrantCount()),
                Map.entry("pendingAuthorizations", (long) pending.size()),
                Map.entry("pendingBytes", pending.bytes()),
                Map.entry("consents", (long) consents.size()),
                Map.entry("grants", (long) grantIndex.size()),
                Map.entry("subjectBlocks", (long) subjectBlocks.size())));
    }

    @Override
    public long purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return codes.purgeExpired(now) + tokens.purgeExpired(now) + pending.purgeExpired(now)
                + clients.purgeExpired(now) + consents.purgeExpired(now) + usedIds.purgeExpired(now)
                + grantIndex.purgeExpired(now) + subjectBlocks.purgeExpired(now) + signingKeys.purgeExpired(now);
    }
}

package io.mcpoauth.store;

import java.time.Instant;
import java.util.List;

/**
 * The server's generated signing keys, shared by every instance on the storage. A slot (named by its
 * {@link StoredSigningKey#signsFrom()}) holds exactly one key: when two instances, or two threads, create the key
 * of the same slot at once, one key is stored and both are answered with it.
 */
public interface SigningKeyStore {

    /**
     * Stores the key unless its slot already holds one. Of any number of concurrent calls for one slot, on any
     * instances, exactly one stores its key and every call returns that key. Safe to repeat.
     *
     * @return the key the slot holds now: the given one, or the one stored before it
     */
    StoredSigningKey putIfAbsent(StoredSigningKey key, Instant now);

    /** Every key whose {@code expiresAt} is after {@code now}, by {@code signsFrom}. */
    List<StoredSigningKey> list(Instant now);
}

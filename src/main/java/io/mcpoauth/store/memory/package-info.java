/**
 * The in-memory storage backend: {@link java.util.concurrent.ConcurrentHashMap}s with single use by atomic
 * per-key updates, expiry by timestamps (lazy on read, swept by {@code purgeExpired}) and one entry bound.
 */
package io.mcpoauth.store.memory;

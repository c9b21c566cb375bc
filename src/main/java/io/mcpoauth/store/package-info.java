/**
 * The storage contract, split by concern: clients, authorization codes, pending authorization requests, access
 * tokens, refresh tokens, revoked grants, and (for migration only) their export. Every call takes the caller's
 * {@code now}. Every key is a SHA-256 hash of a secret value, never the value itself. Single use is part of each
 * contract, and every backend ({@code memory}, {@code redis}, {@code jdbc}) keeps it.
 */
package io.mcpoauth.store;

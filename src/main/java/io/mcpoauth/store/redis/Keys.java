package io.mcpoauth.store.redis;

import io.mcpoauth.crypto.Tokens;
import java.util.List;
import java.util.Objects;

/**
 * Every key name, in one place. Keys that a script reads or writes together share a hash tag (the part in
 * braces), so Redis Cluster puts them in one slot: a grant's refresh tokens and its revocation marker are all
 * tagged with the grant id; the registered clients and their index with {@code clients}. Keys used alone need
 * no tag. Tokens, codes and pending-request ids appear only as their SHA-256 hashes, as the stores receive
 * them. The prefix may not contain braces (checked in {@link io.mcpoauth.store.redis.RedisSettings}).
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    String prefix() {
        return prefix;
    }

    /** An authorization code (and, once consumed, its replay marker until expiry). */
    String code(String codeHash) {
        return prefix + "code:" + codeHash;
    }

    /** A used id (a signed grant's or client assertion's jti), until its expiry. */
    String usedId(String idHash) {
        return prefix + "jti:" + idHash;
    }

    /** The hash of the server's generated signing keys, one field per rotation slot. */
    String signingKeys() {
        return prefix + "signing-keys";
    }

    String pending(String idHash) {
        return prefix + "pending:" + idHash;
    }

    String accessToken(String tokenHash) {
        return prefix + "at:" + tokenHash;
    }

    /** Refresh token hash to its grant id: how a lookup by hash finds the grant's slot. */
    String refreshIndex(String tokenHash) {
        return prefix + "rt:" + tokenHash;
    }

    /** A refresh token record, in its grant's slot. */
    String refreshToken(String grantId, String tokenHash) {
        return prefix + "grant:{" + grantId + "}:rt:" + tokenHash;
    }

    /** The grant's revocation marker (its value is the keepUntil time), in the grant's slot. */
    String revokedGrant(String grantId) {
        return prefix + "grant:{" + grantId + "}:revoked";
    }

    /**
     * What comes before the grant id in {@link #refreshToken} and {@link #revokedGrant}, then what comes after it
     * in each: for a script that builds both keys from the grant id it reads.
     */
    List<String> refreshAround(String tokenHash) {
        return List.of(prefix + "grant:{", "}:rt:" + tokenHash, "}:revoked");
    }

    /** What comes before and after the grant id in {@link #revokedGrant}: for a script that builds the key. */
    List<String> revokedGrantAround() {
        return List.of(prefix + "grant:{", "}:revoked");
    }

    String client(String clientId) {
        return prefix + "{clients}:c:" + clientId;
    }

    /** Sorted set of client ids scored by expiry (+inf when none): what {@code count} reads. */
    String clientIndex() {
        return prefix + "{clients}:index";
    }

    /** Sorted set of client ids all scored 0, in id order for {@code ZRANGEBYLEX}: what the listing reads. */
    String clientIds() {
        return prefix + "{clients}:ids";
    }

    /** The prefix of {@link #client} keys: the key is this and the client id (for a script that builds it). */
    String clientPrefix() {
        return prefix + "{clients}:c:";
    }

    /** A grant's summary (a hash), in the grant's slot. */
    String grantSummary(String grantId) {
        return prefix + "grant:{" + grantId + "}:summary";
    }

    /**
     * The two sorted sets of a subject's grant ids, in the subject's slot: scored by expiry (for trimming), then
     * all scored 0 (for {@code ZRANGEBYLEX}). The subject appears as a hash, which bounds the key's length and
     * keeps braces out of the hash tag.
     */
    List<String> grantsOfSubject(String subject) {
        String base = prefix + "gsub:{" + Tokens.hash(subject) + "}:";
        return List.of(base + "exp", base + "ids");
    }

    /** The two sorted sets of a client's grant ids, as {@link #grantsOfSubject}. */
    List<String> grantsOfClient(String clientId) {
        String base = prefix + "gcli:{" + Tokens.hash(clientId) + "}:";
        return List.of(base + "exp", base + "ids");
    }

    /** Every grant id scored by expiry: what the count reads. */
    String grants() {
        return prefix + "grants:exp";
    }

    /**
     * A subject's block (its value is the end, epoch milliseconds), keyed by a hash of the subject. Untagged: a
     * refresh's rotation script reads it with the grant's keys where a script may touch any slot, and on Redis
     * Cluster the block is read by a call of its own.
     */
    String subjectBlock(String subject) {
        return prefix + "block:" + Tokens.hash(subject);
    }

    /**
     * A consent, keyed by a hash of (subject, client): neither is secret, but the hash bounds the key's length
     * and the length prefix rules out ("ab", "c") meeting ("a", "bc").
     */
    String consent(String subject, String clientId) {
        return prefix + "consent:" + Tokens.hash(subject.length() + ":" + subject + "\n" + clientId);
    }

    /**
     * A {@code SCAN} pattern for keys of this prefix: the prefix with its glob characters escaped, then the glob.
     * Braces are not glob characters, so a hash tag in the glob matches itself.
     */
    String pattern(String glob) {
        StringBuilder b = new StringBuilder(prefix.length() + glob.length() + 4);
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append(glob).toString();
    }

    /** Every access token key. */
    String accessTokens() {
        return pattern("at:*");
    }

    /** Every refresh token record, in every grant's slot. */
    String refreshTokens() {
        return pattern("grant:{*}:rt:*");
    }

    /** Every revoked-grant marker. */
    String revokedGrants() {
        return pattern("grant:{*}:revoked");
    }

    /** The grant id of a key {@link #revokedGrant} gave. */
    String grantIdOfRevoked(String key) {
        String start = prefix + "grant:{";
        String end = "}:revoked";
        if (!key.startsWith(start) || !key.endsWith(end) || key.length() < start.length() + end.length()) {
            throw new IllegalArgumentException("not a revoked-grant key: " + key);
        }
        return key.substring(start.length(), key.length() - end.length());
    }

    /** Every consent. */
    String consents() {
        return pattern("consent:*");
    }

    String rateLimit(String key) {
        return prefix + "rl:" + key;
    }

    String health(String instance) {
        return prefix + "health:" + instance;
    }
}

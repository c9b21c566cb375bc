package io.mcpoauth.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Counter keys of a size that does not depend on the request. A counter lives for its window whatever the
 * request that made it, so a key holding a caller's 5 MB {@code client_id} would keep 5 MB per request; a
 * caller-supplied part of a key longer than a few dozen characters is therefore replaced by its SHA-256
 * (43 characters of base64url), in memory and in Redis alike.
 */
public final class LimitKeys {

    /** Keys up to this length are stored as they are; longer ones by their digest. */
    public static final int MAX_CHARS = 128;
    /** Caller text up to this length goes into a key as it is. */
    public static final int MAX_TEXT_CHARS = 64;
    /** Addresses longer than this (never a real IP literal) go into a key by their digest. */
    private static final int MAX_ADDRESS_CHARS = 45;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** One digest per thread: looking one up costs more than hashing a client id. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private LimitKeys() {
    }

    /** A fixed-size stand-in for text a caller chose: the base64url SHA-256 of its UTF-8 bytes. */
    public static String digest(String text) {
        // digest() resets the instance, so it is ready for the thread's next call.
        return B64.encodeToString(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Text a caller chose (a client id) as it goes into a key: itself when it is at most {@value #MAX_TEXT_CHARS}
     * characters and cannot be mistaken for a digest or a separator, otherwise {@code #} and its digest. Ordinary
     * ids are not hashed, which keeps the digest off the hot path of introspection.
     */
    public static String text(String text) {
        return text.length() <= MAX_TEXT_CHARS && text.indexOf('|') < 0 && !text.startsWith("#") ? text
                : "#" + digest(text);
    }

    /** An address as it goes into a key: itself, or its digest if it is too long to be an IP literal. */
    public static String address(String address) {
        return address.length() <= MAX_ADDRESS_CHARS ? address : digest(address);
    }

    /** The key a backend stores: the key itself when short, otherwise a marked digest of it. */
    public static String bounded(String key) {
        return key.length() <= MAX_CHARS ? key : "#" + digest(key);
    }
}

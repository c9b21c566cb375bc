package io.mcpoauth.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Counter keys of a size that does not depend on the request. A counter lives for its window whatever the
 * request that made it, so a key holding a caller's 5 MB {@code client_id} would keep 5 MB per request; the
 * caller-supplied part of a key is therefore replaced by its SHA-256 (43 characters of base64url), in memory
 * and in Redis alike.
 */
public final class LimitKeys {

    /** Keys up to this length are stored as they are; longer ones by their digest. */
    public static final int MAX_CHARS = 128;
    /** Addresses longer than this (never a real IP literal) go into a key by their digest. */
    private static final int MAX_ADDRESS_CHARS = 45;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private LimitKeys() {
    }

    /** A fixed-size stand-in for text a caller chose: the base64url SHA-256 of its UTF-8 bytes. */
    public static String digest(String text) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

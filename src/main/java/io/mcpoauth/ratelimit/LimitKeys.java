package io.mcpoauth.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
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

    /**
     * An address as it goes into a key: an IPv4 address itself; an IPv6 address by its /64 prefix, since one
     * subscriber or host is given a whole /64 (RFC 6177, RFC 7421) and would otherwise have 2^64 addresses,
     * each with limits of its own; anything too long to be an IP literal by its digest.
     */
    public static String address(String address) {
        if (address.length() > MAX_ADDRESS_CHARS) {
            return digest(address);
        }
        return address.indexOf(':') < 0 ? address : ipv6Prefix(address);
    }

    /** {@code 2001:db8:1:2::/64} for any address in that /64; an IPv4-mapped address as its IPv4 form. */
    private static String ipv6Prefix(String literal) {
        int zone = literal.indexOf('%');
        String bare = zone < 0 ? literal : literal.substring(0, zone);
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        // Only hex digits, colons and dots: a literal, so the parse below never looks a name up.
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return literal;
            }
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(bare);
        } catch (UnknownHostException | RuntimeException e) {
            return literal;
        }
        byte[] b = parsed.getAddress();
        if (b.length == 4) {
            return parsed.getHostAddress();
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString((b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    /** The key a backend stores: the key itself when short, otherwise a marked digest of it. */
    public static String bounded(String key) {
        return key.length() <= MAX_CHARS ? key : "#" + digest(key);
    }
}

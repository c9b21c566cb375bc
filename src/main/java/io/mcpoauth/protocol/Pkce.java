package io.mcpoauth.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE (RFC 7636) with the S256 method only, as OAuth 2.1 and MCP require. */
public final class Pkce {

    /** RFC 7636 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    /** RFC 7636 4.2: BASE64URL(SHA256(verifier)) is always 43 characters without padding. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9\\-_]{43}");

    private Pkce() {
    }

    /** Checks the authorization request's challenge and method; {@code plain} is refused (OAuth 2.1 4.1.1). */
    public static String requireS256Challenge(String challenge, String method) {
        if (challenge == null || challenge.isEmpty()) {
            throw OAuthException.invalidRequest("code_challenge is required (PKCE)");
        }
        if (method == null || !method.equals("S256")) {
            throw OAuthException.invalidRequest("code_challenge_method must be S256");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw OAuthException.invalidRequest("code_challenge is not a valid S256 challenge");
        }
        return challenge;
    }

    /** True when the verifier is well-formed and hashes to the challenge; compared in constant time. */
    public static boolean verify(String verifier, String challenge) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        byte[] computed = s256(verifier).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII));
    }

    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

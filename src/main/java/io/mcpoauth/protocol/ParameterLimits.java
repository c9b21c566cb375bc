package io.mcpoauth.protocol;

import java.util.List;
import java.util.Map;

/**
 * How long each request parameter may be, and how many parameters a request may carry: the one table.
 *
 * <p>The RFCs set no maximum for most values, but every value here is held in memory, stored with a pending
 * request or a client, echoed in a redirect or logged, so an unbounded one is a way to fill the heap (a 60 MB
 * {@code state} was once held in a pending request). The caps are generous for every value a real client
 * sends and small beside the request body cap. A value beyond its cap is {@code invalid_request}
 * (RFC 6749 5.2, 4.1.2.1: "includes a parameter more than once, or is otherwise malformed"); at the
 * authorization endpoint it is checked before the client is known, so the user sees an error page and nothing
 * is redirected.
 */
public final class ParameterLimits {

    /** Parameters (counting each value of a repeated one) in one request. */
    public static final int MAX_PARAMETERS = 50;
    /** Length of a parameter's name. */
    public static final int MAX_NAME = 64;
    /** RFC 8707 2: {@code resource} may repeat; a client names the few MCP servers it will call. */
    public static final int MAX_RESOURCES = 10;
    /** Any parameter the table does not name (unknown ones are ignored, but still read). */
    public static final int DEFAULT_MAX = 2048;

    private static final Map<String, Integer> MAX = Map.ofEntries(
            // RFC 6749 4.1.1 recommends state for CSRF: a random value; 1024 leaves room for client encodings.
            Map.entry("state", 1024),
            // A client id may be a metadata document's https URL (MCP 2025-11-25); URLs beyond 2 KB break
            // browsers and proxies anyway.
            Map.entry("client_id", 2048),
            Map.entry("redirect_uri", 2048),
            Map.entry("resource", 2048),
            Map.entry("scope", 1024),
            // RFC 7636 4.2: the S256 challenge is 43 characters, a verifier 43 to 128 (4.1).
            Map.entry("code_challenge", 128),
            Map.entry("code_challenge_method", 16),
            Map.entry("code_verifier", 128),
            // Our codes and opaque tokens are 43 characters; a foreign one is looked up by its hash only.
            Map.entry("code", 2048),
            // Introspection and revocation take our JWT access tokens too, at most 4 KB (server/JwtAccessTokens).
            Map.entry("token", 4096),
            Map.entry("refresh_token", 2048),
            Map.entry("client_secret", 1024),
            // RFC 7523 2.2: a signed JWT (ClientAssertionVerifier.MAX_LENGTH); its type is one fixed URN.
            Map.entry("client_assertion", 8 * 1024),
            Map.entry("client_assertion_type", 128),
            // RFC 7523 2.1: a signed JWT grant; real ID-JAGs are one or two kilobytes (IdJagVerifier.MAX_LENGTH).
            Map.entry("assertion", 16 * 1024),
            Map.entry("nonce", 512),
            Map.entry("grant_type", 128),
            Map.entry("response_type", 64),
            Map.entry("token_type_hint", 64),
            Map.entry("response_mode", 64),
            Map.entry("prompt", 64),
            // The forms of the sign-in and consent pages: a held request's id, its CSRF token, a user's name.
            Map.entry("request", 256),
            Map.entry("csrf", 256),
            Map.entry("decision", 16),
            Map.entry("username", 256),
            Map.entry("password", 1024),
            Map.entry("subject", 1024),
            // The admin API's: a listing's cursor is the last client id or grant id shown; a page size; a filter
            // on the client's name or kind; a grant's id (ours are 22 characters); a time (RFC 3339 or seconds).
            Map.entry("cursor", 2048),
            Map.entry("limit", 8),
            Map.entry("name", 256),
            Map.entry("kind", 32),
            Map.entry("grant_id", 128),
            Map.entry("until", 64));

    private ParameterLimits() {
    }

    /** The cap on the named parameter's length, in characters. */
    public static int maxLength(String name) {
        return MAX.getOrDefault(name, DEFAULT_MAX);
    }

    /** Refuses a request whose parameters are too many, or too long, or that repeats {@code resource} too often. */
    public static void check(Map<String, List<String>> values) {
        int count = 0;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            String name = e.getKey();
            List<String> list = e.getValue();
            int n = list == null ? 0 : list.size();
            count += Math.max(n, 1);
            if (count > MAX_PARAMETERS) {
                throw OAuthException.invalidRequest("too many parameters (at most " + MAX_PARAMETERS + ")");
            }
            if (name != null && name.length() > MAX_NAME) {
                throw OAuthException.invalidRequest("a parameter name is longer than " + MAX_NAME + " characters");
            }
            if ("resource".equals(name) && n > MAX_RESOURCES) {
                throw OAuthException.invalidRequest("at most " + MAX_RESOURCES + " resource parameters");
            }
            if (list != null) {
                for (String value : list) {
                    check(name, value);
                }
            }
        }
    }

    /** Refuses one value longer than its parameter's cap; null passes. */
    public static void check(String name, String value) {
        int max = maxLength(name);
        if (value != null && value.length() > max) {
            // The name is ours (checked above) or one of the table's; never echo the value.
            String shown = name == null || name.length() > MAX_NAME ? "a parameter" : name;
            throw OAuthException.invalidRequest(shown + " is longer than " + max + " characters");
        }
    }
}

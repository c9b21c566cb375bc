package io.mcpoauth.hostile;

import io.mcpoauth.it.Pkce;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Parameter values for the fuzz pass, from one seeded {@link Random}: plausible protocol values, the suite's
 * own loopback document URLs, and random, long, empty, odd-Unicode and injection-shaped strings.
 * <p>
 * Safety: a random value never contains a scheme separator or anything that reads as a URL, so the only URLs
 * the server under test could be led to fetch are {@link #documents}, all on 127.0.0.1. Random values also
 * never spell a Java package or "Exception", so a reflected value cannot pass for a leaked stack trace.
 */
final class FuzzValues {

    private static final List<String> PROTOCOL = List.of("code", "token", "id_token", "none", "S256", "plain",
            "authorization_code", "refresh_token", "client_credentials", "password", "implicit",
            "urn:ietf:params:oauth:grant-type:jwt-bearer", "mcp:read", "mcp:write", "mcp:read mcp:write",
            "openid profile", "demo-app", "demo-server", LegitimateClient.RESOURCE_SERVER, "demo", "approve", "deny",
            "access_token", "refresh_token", "client_secret_basic", "client_secret_post", "none", "login", "consent",
            Pkce.CHALLENGE, Pkce.VERIFIER,
            "http://127.0.0.1/callback", "http://127.0.0.1:9999/callback", "http://localhost/cb",
            "javascript:alert(1)", "data:text/html,x", "https://localhost:1/mcp",
            "true", "false", "null", "0", "-1", "99999999999999999999999", "1e400", "NaN");
    private static final String ODD = "\u0000\u0001\u007f\u00a0\u00e9\u00fc\u2028\u2029\u202e\ufeff\ufffd"
            + "\ud83d\ude00\u0301\u200b<>\"'`&;|\\{}[]()$%#!*~^";
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "\"; DROP TABLE clients; --",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../../../../etc/passwd",
            "..%2f..%2f..%2fetc%2fpasswd", "%00", "\r\nSet-Cookie: x=y", "{{7*7}}", "${7*7}", "#{7*7}",
            "*)(uid=*))(|(uid=*", "\\u0000", "%s%s%s%n", "AAAA%08x.%08x");

    private final Random random;
    private final List<String> documents;

    /** @param documents the loopback document URLs a {@code client_id} may name */
    FuzzValues(Random random, List<String> documents) {
        this.random = Objects.requireNonNull(random, "random");
        this.documents = List.copyOf(documents);
        documents.forEach(FuzzValues::requireLoopback);
    }

    /** A value for any parameter. */
    String value() {
        int kind = random.nextInt(100);
        if (kind < 30) {
            return pick(PROTOCOL);
        }
        if (kind < 38) {
            return pick(documents);
        }
        if (kind < 58) {
            return safe(randomString(PLAIN, random.nextInt(64)));
        }
        if (kind < 72) {
            return safe(randomString(PLAIN + ODD, 1 + random.nextInt(48)));
        }
        if (kind < 80) {
            return pick(INJECTIONS);
        }
        if (kind < 86) {
            return "";
        }
        if (kind < 94) {
            return safe(randomString(PLAIN, 1_000 + random.nextInt(9_000)));
        }
        return "x".repeat(20_000 + random.nextInt(80_000));
    }

    /** A client id: mostly one the server knows or a document URL, sometimes anything. */
    String clientId() {
        int kind = random.nextInt(10);
        return kind < 4 ? pick(List.of("demo-app", "demo-server", LegitimateClient.RESOURCE_SERVER))
                : kind < 6 ? pick(documents) : value();
    }

    /** A parameter name: one of the endpoint's own, or another. */
    String name(List<String> known) {
        int kind = random.nextInt(10);
        return kind < 7 ? pick(known) : kind < 9 ? safe(randomString(PLAIN, 1 + random.nextInt(20)))
                : safe(randomString(PLAIN + ODD, 1 + random.nextInt(8)));
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    String randomString(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** A random value made harmless: nothing a server could take for a URL, a package or an exception name. */
    static String safe(String s) {
        String lower = percentDecoded(s).toLowerCase(Locale.ROOT);
        for (String risky : List.of("://", ":\\\\", "http", "ftp", "ldap", "jndi", "java", "jakarta", "glassfish",
                "payara", "exception", "error", "mcpoauth", "www.", "//")) {
            if (lower.contains(risky)) {
                return "x" + s.length();
            }
        }
        return s;
    }

    /** The string with every {@code %XX} decoded as one character, leniently (bad sequences stay). */
    private static String percentDecoded(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                    && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c == '+' ? ' ' : c);
            }
        }
        return out.toString();
    }

    private static void requireLoopback(String url) {
        if (!url.startsWith("https://localhost:") && !url.startsWith("https://127.0.0.1:")) {
            throw new IllegalArgumentException("fuzz documents must be on loopback: " + url);
        }
    }
}

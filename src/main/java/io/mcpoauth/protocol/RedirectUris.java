package io.mcpoauth.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * Redirect-URI matching: exact string comparison against the registered list (RFC 6749 3.1.2.3, OAuth 2.1
 * 2.3.1), with one exception: for loopback IP redirect URIs the port may differ, because native apps pick
 * an ephemeral port at run time (RFC 8252 7.3). {@code localhost} is not treated as loopback for that
 * exception (RFC 8252 8.3 recommends the IP literal).
 */
public final class RedirectUris {

    private RedirectUris() {
    }

    public static boolean matches(List<String> registered, String requested) {
        Objects.requireNonNull(registered, "registered");
        if (requested == null) {
            return false;
        }
        for (String candidate : registered) {
            if (candidate.equals(requested) || loopbackMatch(candidate, requested)) {
                return true;
            }
        }
        return false;
    }

    private static boolean loopbackMatch(String registered, String requested) {
        URI a = parse(registered);
        URI b = parse(requested);
        if (a == null || b == null || !"http".equals(a.getScheme()) || !"http".equals(b.getScheme())) {
            return false;
        }
        if (!Loopback.isIpLiteral(a.getHost()) || !a.getHost().equals(b.getHost())) {
            return false;
        }
        return Objects.equals(a.getRawUserInfo(), b.getRawUserInfo())
                && Objects.equals(a.getRawPath(), b.getRawPath())
                && Objects.equals(a.getRawQuery(), b.getRawQuery())
                && b.getRawFragment() == null;
    }

    /** The host a redirect URI points at, which is what a user can judge; the URI itself if it has none. */
    public static String host(String uri) {
        URI parsed = parse(uri);
        return parsed == null || parsed.getHost() == null ? uri : parsed.getHost();
    }

    private static URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Checks a redirect URI a client asks to register: https anywhere, or http on a loopback host for native
     * apps (RFC 8252 7.3); never a fragment (RFC 6749 3.1.2).
     */
    public static void requireRegistrable(String value) {
        URI uri = parse(value);
        if (uri == null) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, "redirect URI is not a valid URI");
        }
        if (uri.getFragment() != null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI,
                    "redirect URI must be absolute, with a host and no fragment");
        }
        boolean loopback = Loopback.isRedirectHost(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI,
                    "redirect URI must use https, or http on 127.0.0.1, [::1] or localhost");
        }
    }
}

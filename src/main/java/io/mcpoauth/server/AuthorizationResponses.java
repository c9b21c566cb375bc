package io.mcpoauth.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the redirect URIs of authorization responses. Every response, success or error, carries the
 * issuer in {@code iss} (RFC 9207 2) so that clients talking to several servers detect mix-up attacks.
 */
public final class AuthorizationResponses {

    private AuthorizationResponses() {
    }

    public static String success(String redirectUri, String code, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", code);
        p.put("state", state);
        p.put("iss", issuer);
        return append(redirectUri, p);
    }

    public static String error(AuthorizationRedirectException e, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", e.error().code());
        p.put("error_description", e.description());
        p.put("state", e.state());
        p.put("iss", issuer);
        return append(e.redirectUri(), p);
    }

    /** Appends query parameters, keeping any query the registered redirect URI already has (RFC 6749 3.1.2). */
    static String append(String uri, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(uri);
        char sep = uri.indexOf('?') >= 0 ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sep).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}

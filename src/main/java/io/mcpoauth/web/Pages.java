package io.mcpoauth.web;

import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.server.ValidatedAuthorization;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-rendered pages: self-contained HTML with no scripts and no third-party assets, served with headers
 * that forbid framing (clickjacking) and caching.
 */
final class Pages {

    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "base-uri 'none'";
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;"
            + "padding:0 1rem;color:#222}h1{font-size:1.3rem}.note{background:#fff3cd;padding:.5rem;"
            + "font-size:.85rem}.err{color:#a00}label{display:block;margin:.6rem 0 .2rem}"
            + "input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}"
            + "code{background:#f3f3f3;padding:0 .2rem}.primary{background:#1a56db;color:#fff;border:1px solid #1a56db}";

    private Pages() {
    }

    static Response login(ValidatedAuthorization auth, String requestId, String csrf, String error, int status) {
        return login(auth, requestId, csrf, error, status, "");
    }

    /**
     * The sign-in page; after a failed attempt it shows the error and keeps the user name typed. {@code csrf} is
     * the form's half of the CSRF token, whose other half is the same-site cookie (as on the consent page).
     */
    static Response login(ValidatedAuthorization auth, String requestId, String csrf, String error, int status,
            String user) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Sign in to continue to ").append(Html.escape(auth.client().name())).append("</h1>")
                .append("<p class=\"note\">Demo login: for trying mcp-oauth out, not for production.</p>");
        if (error != null) {
            body.append("<p class=\"err\" role=\"alert\">").append(Html.escape(error)).append("</p>");
        }
        body.append("<form method=\"post\" action=\"login\">")
                .append("<input type=\"hidden\" name=\"request\" value=\"").append(Html.escape(requestId)).append("\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrf)).append("\">")
                .append("<label for=\"username\">User name</label>")
                .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\"")
                .append(Html.escape(user)).append("\">")
                .append("<label for=\"password\">Password</label>")
                .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>")
                .append("<button type=\"submit\">Sign in</button></form>")
                .append("<p>The application will receive access")
                .append(auth.scope().isEmpty() ? "" : " to <code>" + Html.escape(auth.scope().toString()) + "</code>")
                .append(" and be sent back to <code>").append(Html.escape(RedirectUris.host(auth.redirectUri())))
                .append("</code>.</p>");
        return page(status, "Sign in", body.toString());
    }

    static Response error(int status, String code, String description) {
        return errorAnswer(status, code, description).toResponse();
    }

    /** The page telling the user that the request failed, with its error code. */
    static Answer errorAnswer(int status, String code, String description) {
        String body = "<h1>The request could not be completed</h1><p class=\"err\">"
                + Html.escape(description == null ? code : description) + "</p><p>Error: <code>"
                + Html.escape(code) + "</code></p>";
        return pageAnswer(status, "Error", body);
    }

    static Response page(int status, String title, String body) {
        return pageAnswer(status, title, body).toResponse();
    }

    private static Answer pageAnswer(int status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                + Html.escape(title) + " - mcp-oauth</title><style>" + STYLE + "</style></head><body>" + body
                + "</body></html>";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8");
        headers.put(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        return new Answer(status, headers, html);
    }
}

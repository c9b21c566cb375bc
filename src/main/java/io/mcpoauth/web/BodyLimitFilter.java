package io.mcpoauth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Caps every request body before anything reads it. A declared {@code Content-Length} over the endpoint's cap
 * is refused at once (413, RFC 9110 15.5.14) without reading a byte; a body without a length (chunked) is read
 * through {@link CappedInputStream}, which fails the read that passes the cap, so a flood is cut there instead
 * of being held whole. The caps: {@value #REGISTRATION_CAP} bytes at {@code /register} (client metadata),
 * {@value #FORM_CAP} bytes everywhere else; none at {@code /admin/import}, whose stream of exported records is
 * read line by line after the administrator's token was checked. A charset the JVM does not know, and a POST
 * without a {@code Content-Type}, are refused with 415 before a reader trips on them.
 */
@WebFilter(filterName = "mcp-oauth-body-limit", urlPatterns = "/*", asyncSupported = true)
public class BodyLimitFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Forms of /token, /revoke, /introspect, /authorize, /login, /consent: 50 parameters of at most 2 KB fit. */
    static final long FORM_CAP = 64 * 1024;
    /** RFC 7591 client metadata: a few URIs and names. */
    static final long REGISTRATION_CAP = 16 * 1024;
    /** Unbounded: the import is streamed and admitted only with the admin token, checked before the body is read. */
    static final long NO_CAP = Long.MAX_VALUE;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long cap = cap(path(request));
        long declared = request.getContentLengthLong();
        if (declared > cap) {
            // The container would otherwise read the unread body to reuse the connection.
            response.setHeader("Connection", "close");
            ServletErrors.write(response, 413, "invalid_request", ServletErrors.description(413));
            return;
        }
        if (!knownCharset(request.getContentType())) {
            ServletErrors.write(response, 415, "invalid_request", "unsupported charset");
            return;
        }
        if (request.getContentType() == null && "POST".equals(request.getMethod())) {
            // Every POST here takes a form, JSON or JSON lines; without a type JAX-RS would fail on the form.
            ServletErrors.write(response, 415, "invalid_request", "a Content-Type is required");
            return;
        }
        chain.doFilter(cap == NO_CAP ? request : new Capped(request, cap), response);
    }

    /** The path inside the application, without path parameters ({@code ;...}). */
    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    static long cap(String path) {
        return switch (path) {
            case "/register" -> REGISTRATION_CAP;
            case "/admin/import" -> NO_CAP;
            default -> FORM_CAP;
        };
    }

    /** False for a {@code charset} parameter naming a charset this JVM cannot decode (RFC 9110 8.3.2). */
    static boolean knownCharset(String contentType) {
        if (contentType == null) {
            return true;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return !name.isEmpty() && Charset.isSupported(name);
                } catch (IllegalCharsetNameException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The request with its body behind the cap, for every way of reading it. */
    static final class Capped extends HttpServletRequestWrapper {

        private final long cap;
        private CappedInputStream in;
        private BufferedReader reader;

        Capped(HttpServletRequest request, long cap) {
            super(request);
            this.cap = cap;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new CappedInputStream(super.getInputStream(), cap);
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1
                        : Charset.forName(encoding.toLowerCase(Locale.ROOT));
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }
}

package io.mcpoauth.web;

import io.mcpoauth.server.RequestContext;
import jakarta.servlet.http.HttpServletRequest;

/** Reads the request facts the provider needs. */
final class Requests {

    private Requests() {
    }

    /** The token of an {@code Authorization: Bearer} header (RFC 6750 2.1), or null. */
    static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
    }

    static RequestContext context(HttpServletRequest request) {
        return new RequestContext(request == null ? null : request.getRemoteAddr());
    }
}

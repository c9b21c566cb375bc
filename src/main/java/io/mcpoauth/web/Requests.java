package io.mcpoauth.web;

import io.mcpoauth.login.LoginRequest;
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

    /** What the login may read: the headers, and the peer's own address, never a forwarded client address. */
    static LoginRequest login(HttpServletRequest request) {
        return new LoginRequest(request::getHeader, request.getRemoteAddr());
    }

    /**
     * The request's facts, with the client's address: the one {@link ClientAddressFilter} resolved behind a
     * trusted proxy, otherwise the peer's. (Trust in a gateway's login headers goes by the peer's address, never
     * by this one.)
     */
    static RequestContext context(HttpServletRequest request) {
        if (request == null) {
            return new RequestContext(null);
        }
        return new RequestContext(ClientAddressFilter.Resolve.active
                && request.getAttribute(ClientAddressFilter.ATTRIBUTE) instanceof String resolved
                ? resolved : request.getRemoteAddr());
    }
}

package io.mcpoauth.web;

import io.mcpoauth.server.RequestContext;
import jakarta.servlet.http.HttpServletRequest;

/** Reads the request facts the provider needs. */
final class Requests {

    private Requests() {
    }

    static RequestContext context(HttpServletRequest request) {
        return new RequestContext(request == null ? null : request.getRemoteAddr());
    }
}

package io.mcpoauth.web;

import io.mcpoauth.server.AuthorizationStep;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Writes an {@link AuthorizationStep} as the browser's next response. */
final class Steps {

    /** The same-site cookie that carries the consent page's CSRF token. */
    static final String CSRF_COOKIE = "mcp_oauth_csrf";
    private static final int CSRF_COOKIE_SECONDS = 600;

    private Steps() {
    }

    /**
     * @param status       302 after a GET (RFC 6749 4.1.2), 303 after a form POST
     * @param secureCookie whether the issuer is https, so the cookie is sent over https only
     */
    static Response render(AuthorizationStep step, int status, boolean secureCookie) {
        if (step instanceof AuthorizationStep.Redirect redirect) {
            return Response.status(status).location(URI.create(redirect.uri()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (step instanceof AuthorizationStep.Login login) {
            return Pages.login(login.authorization(), login.requestId(), null, 200);
        }
        AuthorizationStep.Consent consent = (AuthorizationStep.Consent) step;
        NewCookie cookie = new NewCookie.Builder(CSRF_COOKIE)
                .value(consent.csrfToken())
                .path("/")
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(CSRF_COOKIE_SECONDS)
                .build();
        return Response.fromResponse(ConsentPage.render(consent)).cookie(cookie).build();
    }
}

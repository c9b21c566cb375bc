package io.mcpoauth.web;

import io.mcpoauth.server.AuthorizationStep;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Writes an {@link AuthorizationStep} as the browser's next response. */
final class Steps {

    /** The same-site cookie that carries the CSRF token of the consent page and of the demo login form. */
    static final String CSRF_COOKIE = "mcp_oauth_csrf";
    private static final int CSRF_COOKIE_SECONDS = 600;

    private Steps() {
    }

    /**
     * Whether the cookies this server sets are {@code Secure}, sent over https only: when the issuer is https (an
     * http issuer is allowed on loopback only).
     */
    static boolean secureCookies(String issuer) {
        return issuer.startsWith("https:");
    }

    /**
     * @param status 302 after a GET (RFC 6749 4.1.2), 303 after a form POST
     * @param issuer the issuer, which decides whether the cookie is {@link #secureCookies Secure}
     */
    static Response render(AuthorizationStep step, int status, String issuer) {
        boolean secureCookie = secureCookies(issuer);
        if (step instanceof AuthorizationStep.Redirect redirect) {
            return Response.status(status).location(URI.create(redirect.uri()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        }
        if (step instanceof AuthorizationStep.Login login) {
            return Response.fromResponse(Pages.login(login.authorization(), login.requestId(), login.csrfToken(),
                    null, 200)).cookie(csrfCookie(login.csrfToken(), secureCookie)).build();
        }
        AuthorizationStep.Consent consent = (AuthorizationStep.Consent) step;
        return Response.fromResponse(ConsentPage.render(consent))
                .cookie(csrfCookie(consent.csrfToken(), secureCookie)).build();
    }

    /** The same-site cookie half of a page's CSRF token; the form carries the other half. */
    private static NewCookie csrfCookie(String token, boolean secureCookie) {
        return new NewCookie.Builder(CSRF_COOKIE)
                .value(token)
                .path("/")
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(CSRF_COOKIE_SECONDS)
                .build();
    }
}

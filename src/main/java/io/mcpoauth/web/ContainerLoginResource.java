package io.mcpoauth.web;

import io.mcpoauth.login.ContainerLogin;
import io.mcpoauth.login.Login;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.AuthorizationStep;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.ValidatedAuthorization;
import io.mcpoauth.store.SubjectAttributes;
import jakarta.servlet.RequestDispatcher;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;

/**
 * Where {@code /authorize} sends the browser in {@code container} login mode. {@link ContainerLoginGate} guards
 * {@code /login/container} with a security constraint and forwards here, so the server has authenticated the
 * user (its realm or OIDC client) before the request arrives; the container's principal, with the configured
 * role, signs in to the held request. Requests that did not come through the gate, and every request in the
 * other modes, sign in nobody and get a 404.
 *
 * <p>The held request's id travels in a cookie scoped to this path, not in the URL: the path stays the same
 * for every request, as an OpenID Connect client's registered redirect URI must (WildFly's client, for one,
 * returns the browser to the path without the query string), the id stays out of logs and Referer headers,
 * and a sign-in started in one browser cannot be finished in another. It is {@code SameSite=Lax} so that it
 * survives the top-level return from the provider.
 */
@Path(ContainerLoginResource.SIGNED_IN)
public class ContainerLoginResource extends SignInResource {

    /** The path the browser is sent to, and the gate's. */
    static final String PATH = "/login/container";
    /** Where the gate forwards, after the server's authentication. */
    static final String SIGNED_IN = PATH + "/signed-in";
    static final String COOKIE = "mcp_oauth_login";

    /** The redirect from {@code /authorize} to this path, with the cookie naming the request the step holds. */
    static Response redirect(AuthorizationStep held, String issuer, int status) {
        String id = ((AuthorizationStep.Login) held).requestId();
        return Response.status(status).location(URI.create(issuer + PATH)).cookie(cookie(id, issuer, -1))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private static NewCookie cookie(String value, String issuer, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path(PATH).httpOnly(true)
                .secure(Steps.secureCookies(issuer)).sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    @GET
    public Response signIn(@CookieParam(COOKIE) String requestId) {
        return ErrorRoutes.shownToUser(() -> signedIn(requestId));
    }

    private Response signedIn(String requestId) {
        // Request attributes cannot come from the client: this one is set by the container when the gate forwards,
        // so a request sent to this path directly, past the server's authentication, finds nothing here.
        Optional<ContainerLogin> container = login.container();
        if (container.isEmpty() || !PATH.equals(request.getAttribute(RequestDispatcher.FORWARD_SERVLET_PATH))) {
            throw new NotFoundException();
        }
        ParameterLimits.check("request", requestId);
        RequestContext context = Requests.context(request);
        Optional<ValidatedAuthorization> held = authorization.awaitingLogin(requestId);
        if (held.isEmpty()) {
            return Response.fromResponse(Pages.error(400, "invalid_request",
                    "This sign-in has expired or was already used. Go back to the application and start again."))
                    .cookie(cookie("", authorization.issuer(), 0)).build();
        }
        String clientId = held.get().client().clientId();
        ContainerLogin.Outcome outcome = container.get().decide(request.getUserPrincipal(), request::isUserInRole);
        if (!outcome.signedIn()) {
            String user = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
            authorization.loginFailed(clientId, user, outcome.refusal(), context);
            if (user == null) {
                // Only when the server's security constraint on this path is missing or bypassed.
                return Pages.error(401, "login_required", "The server did not sign you in.");
            }
            return Pages.error(403, "access_denied", "You are signed in, but not allowed to use this service."
                    + " Ask your administrator for access, or sign in as another user.");
        }
        Response next = Steps.render(authorization.loggedIn(requestId, outcome.subject(), SubjectAttributes.NONE,
                context), 302, authorization.issuer());
        return Response.fromResponse(next).cookie(cookie("", authorization.issuer(), 0)).build();
    }
}

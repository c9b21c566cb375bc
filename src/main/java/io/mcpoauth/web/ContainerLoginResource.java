package io.mcpoauth.web;

import io.mcpoauth.login.ContainerLogin;
import io.mcpoauth.login.Login;
import io.mcpoauth.server.AuthorizationStep;
import io.mcpoauth.server.OAuthProvider;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.ValidatedAuthorization;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where {@code /authorize} sends the browser in {@code container} login mode. The WAR's web.xml guards this
 * path with a security constraint, so the server has authenticated the user (its realm or OIDC client) before
 * the request gets here; the container's principal, with the configured role, signs in to the held request.
 * In every other mode the path signs in nobody and answers 404.
 */
@Path(ContainerLoginResource.PATH)
public class ContainerLoginResource {

    static final String PATH = "/login/container";

    @Inject
    OAuthProvider provider;

    @Inject
    Login login;

    @Context
    HttpServletRequest request;

    /** The redirect from {@code /authorize} to this path for the request the step holds. */
    static Response redirect(AuthorizationStep held, String issuer, int status) {
        String id = ((AuthorizationStep.Login) held).requestId();
        URI target = URI.create(issuer + PATH + "?request=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return Response.status(status).location(target).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @GET
    public Response signIn(@QueryParam("request") String requestId) {
        if (!login.isContainer()) {
            throw new NotFoundException();
        }
        RequestContext context = Requests.context(request);
        Optional<ValidatedAuthorization> held = provider.awaitingLogin(requestId);
        if (held.isEmpty()) {
            return Pages.error(400, "invalid_request",
                    "This sign-in link has expired or was already used. Go back to the application and start again.");
        }
        String clientId = held.get().client().clientId();
        ContainerLogin.Outcome outcome = login.container().decide(request.getUserPrincipal(), request::isUserInRole);
        if (!outcome.signedIn()) {
            String user = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
            provider.loginFailed(clientId, user, outcome.refusal(), context);
            if (user == null) {
                // Only when the server's security constraint on this path is missing or bypassed.
                return Pages.error(401, "login_required", "The server did not sign you in.");
            }
            return Pages.error(403, "access_denied", "You are signed in, but not allowed to use this service."
                    + " Ask your administrator for access, or sign in as another user.");
        }
        return Steps.render(provider.loggedIn(requestId, outcome.subject(), context), 302,
                provider.issuer().startsWith("https:"));
    }
}

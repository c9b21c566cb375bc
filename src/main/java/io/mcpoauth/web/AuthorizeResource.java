package io.mcpoauth.web;

import io.mcpoauth.login.Authenticated;
import io.mcpoauth.login.Login;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.server.OAuthProvider;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.ValidatedAuthorization;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/** The authorization endpoint (RFC 6749 3.1), GET and POST. */
@Path("/authorize")
public class AuthorizeResource {

    @Inject
    OAuthProvider provider;

    @Inject
    Login login;

    @Context
    HttpServletRequest request;

    @GET
    public Response get(@Context UriInfo uri) {
        return ErrorRoutes.shownToUser(() -> authorize(new Parameters(uri.getQueryParameters()), 302));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(MultivaluedMap<String, String> form) {
        return ErrorRoutes.shownToUser(() -> authorize(new Parameters(form), 303));
    }

    private Response authorize(Parameters params, int redirectStatus) {
        RequestContext context = Requests.context(request);
        ValidatedAuthorization auth = provider.validateAuthorization(params, context);
        boolean secure = provider.issuer().startsWith("https:");
        if (login.isForm()) {
            return Steps.render(provider.begin(auth, null, context), redirectStatus, secure);
        }
        if (login.isContainer()) {
            return ContainerLoginResource.redirect(provider.begin(auth, null, context), provider.issuer(),
                    redirectStatus);
        }
        // The gateway is trusted by the address of the peer itself, never by a forwarded client address.
        Optional<Authenticated> user = login.gatewayUser(request::getHeader, request.getRemoteAddr());
        if (user.isEmpty()) {
            provider.loginFailed(auth.client().clientId(), null, "no trusted identity from the gateway", context);
            return Pages.error(401, "login_required", "You are not signed in through the single sign-on gateway.");
        }
        return Steps.render(provider.begin(auth, user.get().subject(), user.get().attributes(), context),
                redirectStatus, secure);
    }
}

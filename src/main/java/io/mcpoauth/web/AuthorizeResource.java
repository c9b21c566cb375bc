package io.mcpoauth.web;

import io.mcpoauth.login.Authenticated;
import io.mcpoauth.login.Login.Arrival;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.ValidatedAuthorization;
import io.mcpoauth.store.SubjectAttributes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The authorization endpoint (RFC 6749 3.1), GET and POST. */
@Path("/authorize")
public class AuthorizeResource extends SignInResource {

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
        ValidatedAuthorization auth = authorization.validateAuthorization(params, context);
        Arrival arrival = login.arrive(Requests.login(request));
        if (arrival instanceof Arrival.FormPage) {
            return Steps.render(authorization.begin(auth, null, SubjectAttributes.NONE, context), redirectStatus,
                    authorization.issuer());
        }
        if (arrival instanceof Arrival.ContainerPage) {
            return ContainerLoginResource.redirect(authorization.begin(auth, null, SubjectAttributes.NONE, context),
                    authorization.issuer(),
                    redirectStatus);
        }
        if (arrival instanceof Arrival.Unvouched refused) {
            authorization.loginFailed(auth.client().clientId(), null, refused.reason(), context);
            return Pages.error(401, "login_required", "You are not signed in through the single sign-on gateway.");
        }
        Authenticated user = ((Arrival.Vouched) arrival).user();
        return Steps.render(authorization.begin(auth, user.subject(), user.attributes(), context),
                redirectStatus, authorization.issuer());
    }
}

package io.mcpoauth.web;

import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.RequestContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The consent page's target: approve or deny the held request. */
@Path("/consent")
public class ConsentResource extends SignInResource {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@FormParam("request") String requestId, @FormParam("csrf") String csrf,
            @FormParam("decision") String decision, @CookieParam(Steps.CSRF_COOKIE) String csrfCookie) {
        return ErrorRoutes.shownToUser(() -> decision(requestId, csrf, decision, csrfCookie));
    }

    private Response decision(String requestId, String csrf, String decision, String csrfCookie) {
        ParameterLimits.check("request", requestId);
        ParameterLimits.check("csrf", csrf);
        ParameterLimits.check("decision", decision);
        RequestContext context = Requests.context(request);
        // With a gateway, the user answering must still be the user the page was shown to. The form and the
        // container login vouch once, at sign-in; the page is then bound to the browser by its CSRF cookie.
        String currentUser = login.answeringUser(Requests.login(request)).orElse(null);
        String redirect = authorization.decide(requestId, csrf, csrfCookie, "approve".equals(decision), currentUser,
                context);
        return Response.seeOther(URI.create(redirect)).header("Cache-Control", "no-store").build();
    }
}

package io.mcpoauth.web;

import io.mcpoauth.server.OAuthProvider;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Administration, with the bearer token {@code mcp.oauth.admin.token}; absent (404) when none is configured. */
@Path("/admin")
public class AdminResource {

    @Inject
    OAuthProvider provider;

    @Context
    HttpServletRequest request;

    /** Forgets a user's remembered consent for a client. */
    @POST
    @Path("/consents/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeConsent(@FormParam("subject") String subject, @FormParam("client_id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        boolean revoked = provider.revokeConsent(Requests.bearer(authorization), subject, clientId, Requests.context(request));
        return Responses.noStoreJson(200, Map.of("revoked", revoked)).build();
    }
}

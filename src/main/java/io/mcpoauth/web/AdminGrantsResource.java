package io.mcpoauth.web;

import io.mcpoauth.server.admin.GrantAdmin;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The admin API's grants (docs/admin.md), with the bearer token {@code mcp.oauth.admin.token}. */
@Path("/admin/grants")
@Produces(MediaType.APPLICATION_JSON)
public class AdminGrantsResource {

    @Inject
    GrantAdmin grants;

    @Context
    HttpServletRequest request;

    /** A subject's or a client's grants, one page. */
    @GET
    public Response list(@QueryParam("subject") String subject, @QueryParam("client_id") String clientId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(grants.list(Requests.bearer(authorization), subject, clientId, cursor,
                limit, Requests.context(request)));
    }

    /** Revokes one grant, or all of a subject or of a client. */
    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@FormParam("grant_id") String grantId, @FormParam("subject") String subject,
            @FormParam("client_id") String clientId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        int revoked = grants.revoke(Requests.bearer(authorization), grantId, subject, clientId,
                Requests.context(request));
        return Responses.noStoreOk(Map.of("revoked", revoked));
    }
}

package io.mcpoauth.web;

import io.mcpoauth.server.admin.ClientAdmin;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The admin API's clients (docs/admin.md), with the bearer token {@code mcp.oauth.admin.token}. */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
public class AdminClientsResource {

    @Inject
    ClientAdmin clients;

    @Context
    HttpServletRequest request;

    @GET
    public Response list(@QueryParam("name") String name, @QueryParam("kind") String kind,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(clients.list(Requests.bearer(authorization), name, kind, cursor, limit,
                Requests.context(request)));
    }

    @GET
    @Path("{client_id}")
    public Response show(@PathParam("client_id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(clients.show(Requests.bearer(authorization), clientId, Requests.context(request)));
    }

    /** Deletes a registered client and revokes its grants. */
    @DELETE
    @Path("{client_id}")
    public Response delete(@PathParam("client_id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(clients.delete(Requests.bearer(authorization), clientId, Requests.context(request)));
    }
}

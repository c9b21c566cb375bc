package io.mcpoauth.web;

import io.mcpoauth.migrate.StorageExport;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.server.AdminService;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Map;

/** Administration, with the bearer token {@code mcp.oauth.admin.token}; absent (404) when none is configured. */
@Path("/admin")
public class AdminResource {

    @Inject
    AdminService admin;

    @Context
    HttpServletRequest request;

    /** Forgets a user's remembered consent for a client. */
    @POST
    @Path("/consents/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeConsent(@FormParam("subject") String subject, @FormParam("client_id") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ParameterLimits.check("subject", subject);
        ParameterLimits.check("client_id", clientId);
        boolean revoked = admin.revokeConsent(Requests.bearer(authorization), subject, clientId, Requests.context(request));
        return Responses.noStoreOk(Map.of("revoked", revoked));
    }

    /**
     * Streams the live clients, consents and grants as JSON lines, to import into another backend (see
     * docs/migrate.md). Token values are not in it, only their hashes.
     */
    @GET
    @Path("/export")
    @Produces(StorageExport.MEDIA_TYPE)
    public Response export(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        StreamingOutput body = admin.exportStorage(Requests.bearer(authorization),
                Requests.context(request))::writeTo;
        return Response.ok(body, StorageExport.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Disposition", "attachment; filename=\"mcp-oauth-export.ndjson\"")
                .build();
    }

    /**
     * Imports an export (a body of {@code application/x-ndjson}); answers the counts per record type, or an
     * {@code invalid_request} naming the first bad line.
     */
    @POST
    @Path("/import")
    @Produces(MediaType.APPLICATION_JSON)
    public Response importRecords(InputStream body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        Map<String, Object> counts = admin.importStorage(Requests.bearer(authorization), body, contentType,
                Requests.context(request));
        return Responses.noStoreOk(counts);
    }
}

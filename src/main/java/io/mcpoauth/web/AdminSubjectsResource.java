package io.mcpoauth.web;

import io.mcpoauth.server.admin.SubjectAdmin;
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

/** Offboarding and blocks of subjects (docs/admin.md), with the bearer token {@code mcp.oauth.admin.token}. */
@Path("/admin/subjects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class AdminSubjectsResource {

    @Inject
    SubjectAdmin subjects;

    @Context
    HttpServletRequest request;

    /** Blocks the subject, then revokes every grant of it. */
    @POST
    @Path("/offboard")
    public Response offboard(@FormParam("subject") String subject, @FormParam("until") String until,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(subjects.offboard(Requests.bearer(authorization), subject, until,
                Requests.context(request)));
    }

    @POST
    @Path("/block")
    public Response block(@FormParam("subject") String subject, @FormParam("until") String until,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return Responses.noStoreOk(subjects.block(Requests.bearer(authorization), subject, until,
                Requests.context(request)));
    }

    @POST
    @Path("/unblock")
    public Response unblock(@FormParam("subject") String subject,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        boolean lifted = subjects.unblock(Requests.bearer(authorization), subject, Requests.context(request));
        return Responses.noStoreOk(Map.of("unblocked", lifted));
    }
}

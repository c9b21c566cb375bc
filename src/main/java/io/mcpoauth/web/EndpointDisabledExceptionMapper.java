package io.mcpoauth.web;

import io.mcpoauth.server.EndpointDisabledException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An endpoint the configuration switched off: 404, as an unknown path (see {@link ErrorRoutes}). */
@Provider
public class EndpointDisabledExceptionMapper implements ExceptionMapper<EndpointDisabledException> {

    @Override
    public Response toResponse(EndpointDisabledException e) {
        return ErrorRoutes.answer(e).toResponse();
    }
}

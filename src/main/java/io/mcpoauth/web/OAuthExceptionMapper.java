package io.mcpoauth.web;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.OAuthProvider;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Writes every OAuth error where its type says it goes (see {@link ErrorRoutes}). */
@Provider
public class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    @Inject
    OAuthProvider provider;

    @Override
    public Response toResponse(OAuthException e) {
        return ErrorRoutes.answer(e, provider::errorRedirect).toResponse();
    }
}

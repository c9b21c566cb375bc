package io.mcpoauth.web;

import io.mcpoauth.protocol.OAuthError;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.core.Response;

/**
 * Anything unexpected becomes {@code server_error} with a reference the operator can find in the log; the
 * body never carries a stack trace, a class name or a message from inside.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "unexpected error, reference " + reference, e);
        return Responses.error(OAuthError.SERVER_ERROR, "internal error, reference " + reference);
    }
}

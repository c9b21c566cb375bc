package io.mcpoauth.web;

import io.mcpoauth.audit.LogText;
import io.mcpoauth.protocol.OAuthError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything unexpected becomes {@code server_error} with a reference the operator can find in the log; the
 * body never carries a stack trace, a class name or a message from inside. A body that went past its cap while
 * it was read (the reader fails with {@link BodyTooLargeException}) is 413.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
    /** Messages longer than this are cut in the log: they may quote the request (a charset name, a JSON text). */
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_CAUSES = 8;

    static final OAuthError TOO_LARGE = new OAuthError("invalid_request", 413);

    @Override
    public Response toResponse(Throwable e) {
        if (BodyTooLargeException.isCause(e)) {
            return Response.fromResponse(Responses.error(TOO_LARGE, ServletErrors.description(413)))
                    .header("Connection", "close").build();
        }
        return Responses.error(OAuthError.SERVER_ERROR, "internal error, reference " + log(e));
    }

    /** Logs the failure with its stack, messages cut to a bounded length; returns the reference to give out. */
    static String log(Throwable e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "unexpected error, reference " + reference, bounded(e, 0));
        return reference;
    }

    /** The throwable as it is when every message in its chain is short; otherwise a copy with cut messages. */
    private static Throwable bounded(Throwable e, int depth) {
        if (e == null || depth == MAX_CAUSES) {
            return null;
        }
        Throwable cause = e.getCause() == e ? null : e.getCause();
        Throwable boundedCause = bounded(cause, depth + 1);
        String message = e.getMessage();
        if ((message == null || message.length() <= MAX_MESSAGE) && boundedCause == cause) {
            return e;
        }
        Throwable copy = new Throwable(e.getClass().getName() + ": " + LogText.cut(message, MAX_MESSAGE),
                boundedCause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}

package io.mcpoauth.web;

import java.io.IOException;

/**
 * A request body went past its cap while it was read. An {@link IOException}, so that every reader passes it on
 * as a failed read; the exception mappers answer it with 413.
 */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long cap) {
        super("request body larger than " + cap + " bytes");
    }

    /** Whether {@code e} or one of its causes is a body past its cap. */
    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}

package io.mcpoauth.server;

/**
 * The endpoint is switched off by configuration (registration disabled, no admin token): not an OAuth error
 * but an absence, answered as an unknown path is (404 {@code not_found}), so that the server does not advertise
 * what it could do. The message is the client-facing description.
 */
public class EndpointDisabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EndpointDisabledException(String description) {
        super(description, null, false, false);
    }
}

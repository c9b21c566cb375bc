package io.mcpoauth.login;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a login may read from a request.
 *
 * @param headers       the request's headers by name (null when absent)
 * @param remoteAddress the address of the peer that sent the request; a gateway is trusted by this address, never
 *                      by a forwarded client address
 */
public record LoginRequest(UnaryOperator<String> headers, String remoteAddress) {

    public LoginRequest {
        Objects.requireNonNull(headers, "headers");
    }
}

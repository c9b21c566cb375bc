package io.mcpoauth.login;

import java.util.Optional;

/**
 * A login where an SSO gateway in front of the server proves the user on every request, so {@code /authorize}
 * and the consent answer each go by what the request itself proves.
 */
interface GatewayLogin extends Login {

    /** Why {@code /authorize} is refused when the request proves nobody, for the audit log. */
    String NOBODY = "no trusted identity from the gateway";

    /** The user this request proves, with what the gateway said besides; empty when it proves nobody. */
    Optional<Authenticated> gatewayUser(LoginRequest request);

    @Override
    default Arrival arrive(LoginRequest request) {
        return gatewayUser(request).<Arrival>map(Arrival.Vouched::new).orElseGet(() -> new Arrival.Unvouched(NOBODY));
    }

    @Override
    default Optional<String> answeringUser(LoginRequest request) {
        return Optional.of(gatewayUser(request).map(Authenticated::subject).orElse(""));
    }
}

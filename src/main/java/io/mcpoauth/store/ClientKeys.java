package io.mcpoauth.store;

import java.util.Objects;
import java.util.Set;

/**
 * The public keys a {@code private_key_jwt} client signs its assertions with (RFC 7523 2.2; RFC 7591 2
 * {@code jwks} and {@code jwks_uri}, which "MUST NOT both be present"): exactly one of the two, or neither for a
 * client of any other method.
 *
 * @param jwks       the JWK set as JSON text, public keys only; empty when the keys are fetched
 * @param jwksUri    where the JWK set is fetched; empty when the keys are given
 * @param algorithms the signing algorithms allowed for this client's assertions; empty means the server's
 *                   ({@code mcp.oauth.client-assertion.algorithms})
 */
public record ClientKeys(String jwks, String jwksUri, Set<String> algorithms) {

    /** A client without keys. */
    public static final ClientKeys NONE = new ClientKeys("", "", Set.of());

    public ClientKeys {
        jwks = Objects.requireNonNullElse(jwks, "");
        jwksUri = Objects.requireNonNullElse(jwksUri, "");
        algorithms = algorithms == null ? Set.of() : Set.copyOf(algorithms);
        if (!jwks.isEmpty() && !jwksUri.isEmpty()) {
            throw new IllegalArgumentException("jwks and jwksUri must not both be present (RFC 7591 2)");
        }
    }

    /** Keys given inline. */
    public static ClientKeys inline(String jwks, Set<String> algorithms) {
        return new ClientKeys(jwks, "", algorithms);
    }

    /** Keys fetched from a URL. */
    public static ClientKeys fetched(String jwksUri, Set<String> algorithms) {
        return new ClientKeys("", jwksUri, algorithms);
    }

    /** Whether any keys are given. */
    public boolean present() {
        return !jwks.isEmpty() || !jwksUri.isEmpty();
    }
}

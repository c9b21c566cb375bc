package io.mcpoauth.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A client authentication method at the token, revocation and introspection endpoints (RFC 7591 2
 * {@code token_endpoint_auth_method}, RFC 8414 2). The constants are listed in metadata in this order; adding a
 * method is a constant here and its check in the client authenticator.
 */
public enum ClientAuthMethod implements WireValue {

    /** RFC 6749 2.3.1: the secret in an HTTP Basic {@code Authorization} header. */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** RFC 6749 2.3.1: the secret as the {@code client_secret} form parameter. */
    CLIENT_SECRET_POST("client_secret_post"),
    /**
     * RFC 7523 2.2: a JWT signed with the client's private key as {@code client_assertion}; the server keeps only
     * the public keys (RFC 7591 2 {@code jwks} or {@code jwks_uri}), so there is no secret to store or guess.
     */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** RFC 7591 2: a public client, which presents its {@code client_id} only. */
    NONE("none");

    private final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /**
     * Whether the client proves itself with a shared secret, which the server stores as a hash: the
     * {@code client_secret_*} methods of RFC 7591 2.
     */
    public boolean usesSecret() {
        return value.startsWith("client_secret_");
    }

    /** Whether it is the method of a public client, which proves nothing but its id (RFC 6749 2.1). */
    public boolean isPublic() {
        return this == NONE;
    }

    /** The method of this wire name, or empty for one this server does not know. */
    public static Optional<ClientAuthMethod> parse(String value) {
        return WireValue.parse(ClientAuthMethod.class, value);
    }

    /**
     * The method of this wire name, read back from storage or an export, where only known ones are written.
     *
     * @throws IllegalArgumentException for a name this server does not know
     */
    public static ClientAuthMethod of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown client authentication method"));
    }

    /** The wire names of every method, in declaration order: {@code token_endpoint_auth_methods_supported}. */
    public static List<String> supported() {
        return Arrays.stream(values()).map(ClientAuthMethod::value).toList();
    }

    /** The wire names of the methods that authenticate the client: where a client id alone is not enough. */
    public static List<String> authenticating() {
        return Arrays.stream(values()).filter(m -> !m.isPublic()).map(ClientAuthMethod::value).toList();
    }

    @Override
    public String toString() {
        return value;
    }
}

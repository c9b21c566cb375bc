package io.mcpoauth.protocol;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code grant_type} this server knows (RFC 6749 4, and 4.5 for extension grants named by a URI). Every constant
 * has exactly one handler at the token endpoint: the handler registry refuses to be built without it. Adding a grant
 * type is a constant here and its handler.
 */
public enum GrantType implements WireValue {

    /** RFC 6749 4.1, with PKCE (OAuth 2.1 4.1). */
    AUTHORIZATION_CODE("authorization_code", true),
    /** RFC 6749 6. */
    REFRESH_TOKEN("refresh_token", true),
    /** RFC 6749 4.4: "The client credentials grant type MUST only be used by confidential clients." */
    CLIENT_CREDENTIALS("client_credentials", false),
    /**
     * RFC 7523 2.1, with Identity Assertion JWT Authorization Grants (MCP Enterprise-Managed Authorization 5): the
     * grant names the client it was issued to, and the client must prove it is that client (5.1), so a public
     * client, which proves nothing, may not present one.
     */
    JWT_BEARER("urn:ietf:params:oauth:grant-type:jwt-bearer", false);

    /** Sorts by wire name: the order of every list of grant types this server writes. */
    public static final Comparator<GrantType> BY_VALUE = Comparator.comparing(GrantType::value);

    private final String value;
    private final boolean publicClients;

    GrantType(String value, boolean publicClients) {
        this.value = value;
        this.publicClients = publicClients;
    }

    @Override
    public String value() {
        return value;
    }

    /** Whether a public client (authentication method {@code none}) may use it. */
    public boolean allowsPublicClients() {
        return publicClients;
    }

    /** The grant type of this wire name, or empty for one this server does not know. */
    public static Optional<GrantType> parse(String value) {
        return WireValue.parse(GrantType.class, value);
    }

    /**
     * The grant type of this wire name, read back from storage or an export, where only known ones are written.
     *
     * @throws IllegalArgumentException for a name this server does not know
     */
    public static GrantType of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown grant type"));
    }

    /** {@link #of(String)} of each name. */
    public static Set<GrantType> allOf(Collection<String> values) {
        Set<GrantType> out = EnumSet.noneOf(GrantType.class);
        values.forEach(v -> out.add(of(v)));
        return out;
    }

    /** The wire names, sorted. */
    public static List<String> sortedValues(Collection<GrantType> types) {
        return types.stream().sorted(BY_VALUE).map(GrantType::value).toList();
    }

    /** The wire names of every constant, in declaration order: for messages that list what is known. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(GrantType::value).toList());
    }

    @Override
    public String toString() {
        return value;
    }
}

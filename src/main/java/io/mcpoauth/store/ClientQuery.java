package io.mcpoauth.store;

import io.mcpoauth.protocol.ClientAuthMethod;
import java.util.Locale;

/**
 * A filter for the client listing.
 *
 * @param nameContains a substring of the client's name, matched without regard to case; null or empty for any
 * @param authMethod   the client's authentication method; null for any
 */
public record ClientQuery(String nameContains, ClientAuthMethod authMethod) {

    /** Every client. */
    public static final ClientQuery ALL = new ClientQuery(null, null);

    public ClientQuery {
        if (nameContains != null && nameContains.isEmpty()) {
            nameContains = null;
        }
    }

    /** Whether the client passes the filter (backends that filter after reading use this one rule). */
    public boolean matches(ClientRecord client) {
        return (authMethod == null || authMethod == client.authMethod())
                && (nameContains == null || client.name().toLowerCase(Locale.ROOT)
                        .contains(nameContains.toLowerCase(Locale.ROOT)));
    }
}

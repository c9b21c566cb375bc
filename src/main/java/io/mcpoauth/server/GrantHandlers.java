package io.mcpoauth.server;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's grant handlers, one for each {@link GrantType}: the endpoint dispatches through it and the
 * server metadata lists its grant types. Registration, Client ID Metadata Documents, configured clients and imports
 * accept exactly the {@link GrantType} constants; since every constant must have its handler here, what they accept
 * is what the endpoint answers. Adding a grant type is its constant, its handler class, and one line where this is
 * built.
 */
public final class GrantHandlers {

    private final Map<GrantType, GrantHandler> handlers;

    /** @throws IllegalArgumentException when a grant type has no handler, or two */
    public GrantHandlers(List<GrantHandler> handlers) {
        Map<GrantType, GrantHandler> byType = new EnumMap<>(GrantType.class);
        for (GrantHandler handler : handlers) {
            if (byType.put(handler.grantType(), handler) != null) {
                throw new IllegalArgumentException("two handlers for grant type " + handler.grantType());
            }
        }
        Set<GrantType> missing = EnumSet.allOf(GrantType.class);
        missing.removeAll(byType.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no handler for grant type " + missing);
        }
        this.handlers = Collections.unmodifiableMap(byType);
    }

    /**
     * The handler of a {@code grant_type} parameter.
     *
     * @throws OAuthException {@code unsupported_grant_type} (RFC 6749 5.2) for a grant type this server does not
     *                        know or the configuration turns off
     */
    public GrantHandler handler(String grantType) {
        return GrantType.parse(grantType).map(handlers::get).filter(GrantHandler::enabled).orElseThrow(
                () -> new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "unsupported grant_type"));
    }

    /** {@code grant_types_supported} (RFC 8414 2): the wire names of the grant types turned on, sorted. */
    public List<String> supported() {
        return GrantType.sortedValues(handlers.values().stream().filter(GrantHandler::enabled)
                .map(GrantHandler::grantType).toList());
    }
}

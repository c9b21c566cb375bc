package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ResourceIndicators;
import java.util.List;
import java.util.Set;

/**
 * Resource indicators (RFC 8707): normalised, and, when {@code mcp.oauth.resources} lists the protected
 * resources, limited to those ({@code invalid_target} otherwise).
 */
public final class ResourcePolicy {

    private final Set<String> allowed;

    public ResourcePolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(ResourceIndicators.normalise(List.copyOf(allowed)));
    }

    public List<String> resolve(List<String> requested) {
        List<String> normalised = ResourceIndicators.normalise(requested);
        if (!allowed.isEmpty() && !allowed.containsAll(normalised)) {
            throw OAuthException.invalidTarget("resource is not served by this authorization server");
        }
        return normalised;
    }

    /** RFC 8707 2.2: a later request may narrow the audience of the grant, never widen it. */
    public List<String> narrow(List<String> granted, List<String> requested) {
        List<String> normalised = ResourceIndicators.normalise(requested);
        if (!granted.containsAll(normalised)) {
            throw OAuthException.invalidTarget("requested resource exceeds the original grant");
        }
        return normalised.isEmpty() ? granted : normalised;
    }
}

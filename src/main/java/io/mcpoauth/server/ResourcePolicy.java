package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ResourceIndicators;
import java.util.List;
import java.util.Set;

/**
 * Resource indicators (RFC 8707): normalised, and, when {@code mcp.oauth.resources} lists the protected
 * resources, limited to those ({@code invalid_target} otherwise). With resources listed, no token is issued
 * without an audience: a request naming none is bound to the resource when exactly one is listed, and refused
 * with {@code invalid_target} when several are (RFC 8707 2: the server may refuse a request whose audience it
 * cannot determine, or give it a default one).
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
        return audience(normalised);
    }

    /**
     * RFC 8707 2.2: a later request may narrow the audience of the grant, never widen it. A grant without an
     * audience (issued before resources were listed) is bound as a new request would be.
     */
    public List<String> narrow(List<String> granted, List<String> requested) {
        List<String> normalised = ResourceIndicators.normalise(requested);
        if (!granted.containsAll(normalised)) {
            throw OAuthException.invalidTarget("requested resource exceeds the original grant");
        }
        return audience(normalised.isEmpty() ? granted : normalised);
    }

    private List<String> audience(List<String> resources) {
        if (!resources.isEmpty() || allowed.isEmpty()) {
            return resources;
        }
        if (allowed.size() == 1) {
            return List.copyOf(allowed);
        }
        throw OAuthException.invalidTarget("resource is required: this server serves several resources");
    }
}

package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.ClientRecord;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides the scope a request gets: it must lie within the server's supported scopes and the client's
 * allowed scopes (either bound absent means no bound). No scope requested means the client's default: all
 * it is allowed (RFC 6749 3.3).
 */
public final class ScopePolicy {

    private final Set<String> supported;

    public ScopePolicy(Set<String> supported) {
        this.supported = Set.copyOf(supported);
    }

    public Scope resolve(ClientRecord client, Scope requested) {
        if (requested.isEmpty()) {
            return new Scope(new TreeSet<>(client.scopes()));
        }
        if (!supported.isEmpty() && !supported.containsAll(requested.values())) {
            throw OAuthException.invalidScope("requested scope is not supported");
        }
        if (!client.scopes().isEmpty() && !client.scopes().containsAll(requested.values())) {
            throw OAuthException.invalidScope("requested scope is not allowed for this client");
        }
        return requested;
    }
}

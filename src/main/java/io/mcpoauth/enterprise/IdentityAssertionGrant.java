package io.mcpoauth.enterprise;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Instant;

/**
 * A verified Identity Assertion JWT Authorization Grant: what the token endpoint may issue on it.
 *
 * @param provider   the identity provider that signed it
 * @param subject    the subject of the tokens issued on it, scoped by the provider ({@link IdentityProvider#subject})
 * @param clientId   the client it was issued to, which is the client that presented it
 * @param resource   the resource it is for, one this server serves: the token's audience
 * @param scope      the scopes the provider granted (narrowed further by the client's own)
 * @param jti        its id, to be used once until {@code expiresAt}
 * @param expiresAt  its {@code exp}
 * @param attributes the e-mail and groups it carries, under the provider's claim names
 */
public record IdentityAssertionGrant(IdentityProvider provider, String subject, String clientId, String resource,
        Scope scope, String jti, Instant expiresAt, SubjectAttributes attributes) {

    public IdentityAssertionGrant {
        Require.nonNull("provider, subject, clientId, resource, scope, jti, expiresAt, attributes",
                provider, subject, clientId, resource, scope, jti, expiresAt, attributes);
    }
}

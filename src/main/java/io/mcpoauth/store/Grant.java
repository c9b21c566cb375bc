package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Scope;
import java.util.List;

/**
 * What every code and token of one grant (token family) carries: which grant, to which client, for whom, for
 * what. A code hands it to the tokens its exchange issues; a refresh hands it on, its scope and audiences perhaps
 * narrowed. When the grant began is no part of it: only refresh tokens keep that
 * ({@link RefreshTokenRecord#grantStartedAt}).
 *
 * @param grantId    the grant (token family); revoking it revokes every token that carries it
 * @param clientId   the client it was granted to
 * @param subject    the user, or the client id for machine grants
 * @param scope      granted scope
 * @param resources  audiences (RFC 8707), empty when none
 * @param attributes what the gateway said about the user; {@link SubjectAttributes#NONE} for machine grants
 */
public record Grant(String grantId, String clientId, String subject, Scope scope, List<String> resources,
        SubjectAttributes attributes) {

    public Grant {
        Require.nonNull("grantId, clientId, subject, scope, attributes", grantId, clientId, subject, scope, attributes);
        resources = List.copyOf(resources);
    }

    /** A grant whose subject has no attributes: a machine grant. */
    public Grant(String grantId, String clientId, String subject, Scope scope, List<String> resources) {
        this(grantId, clientId, subject, scope, resources, SubjectAttributes.NONE);
    }

    /** The same grant, for a narrower scope (RFC 6749 6). */
    public Grant withScope(Scope narrowed) {
        return new Grant(grantId, clientId, subject, narrowed, resources, attributes);
    }

    /** The same grant, for fewer audiences (RFC 8707 2.2). */
    public Grant withResources(List<String> narrowed) {
        return new Grant(grantId, clientId, subject, scope, narrowed, attributes);
    }
}

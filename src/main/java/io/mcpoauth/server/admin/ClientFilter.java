package io.mcpoauth.server.admin;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ParameterLimits;
import io.mcpoauth.store.ClientQuery;
import io.mcpoauth.store.ClientRecord;
import java.util.Optional;

/**
 * The client listing's filters: {@code name}, a case-insensitive part of the client's name, and {@code kind}:
 * {@code public} or {@code confidential} (RFC 6749 2.1), or one {@code token_endpoint_auth_method} (RFC 7591 2:
 * {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt}, {@code none}).
 *
 * @param method    the one method asked for, or null for any
 * @param secretOrKey true for {@code confidential}: every method but {@code none}, which the storage's query
 *                  cannot express, so the listing filters what it reads
 */
record ClientFilter(String name, ClientAuthMethod method, boolean secretOrKey) {

    static ClientFilter of(String name, String kind) {
        ParameterLimits.check("name", name);
        ParameterLimits.check("kind", kind);
        String part = name == null || name.isEmpty() ? null : name;
        if (kind == null || kind.isEmpty()) {
            return new ClientFilter(part, null, false);
        }
        if (kind.equals("public")) {
            return new ClientFilter(part, ClientAuthMethod.NONE, false);
        }
        if (kind.equals("confidential")) {
            return new ClientFilter(part, null, true);
        }
        Optional<ClientAuthMethod> method = ClientAuthMethod.parse(kind);
        return new ClientFilter(part, method.orElseThrow(() -> OAuthException.invalidRequest(
                "kind must be public, confidential or one of " + ClientAuthMethod.supported())), false);
    }

    /** What the storage can filter by itself. */
    ClientQuery query() {
        return new ClientQuery(name, method);
    }

    boolean matches(ClientRecord client) {
        return query().matches(client) && !(secretOrKey && client.isPublic());
    }
}

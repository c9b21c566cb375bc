package io.mcpoauth.server;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Parameters;

/**
 * A token endpoint request: the form parameters, the client's credentials and the request's context.
 * Grant handlers read the parameters they need; {@link Parameters#single} enforces RFC 6749 3.2's
 * no-repetition rule.
 */
public record TokenRequest(Parameters params, ClientCredentials credentials, RequestContext context) {

    public TokenRequest {
        Require.nonNull("params, credentials, context", params, credentials, context);
    }

    public String grantType() {
        return params.single("grant_type");
    }
}

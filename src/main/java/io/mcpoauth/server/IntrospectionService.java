package io.mcpoauth.server;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Grant;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Token introspection (RFC 7662) of access tokens: one hash and one store lookup per call, since resource
 * servers call it on every request. A client sees its own tokens; a client configured as a resource server
 * ({@code mcp.oauth.client.<id>.introspect-any=true}) sees any. Refresh tokens are never reported active:
 * a resource server that checks only {@code active} must not accept one as a bearer token.
 */
public final class IntrospectionService {

    private static final Map<String, Object> INACTIVE = Map.of("active", false);

    private final ClientGate gate;
    private final AccessTokenStore tokens;
    private final String issuer;
    private final Set<String> introspectAny;
    private final Clock clock;

    public IntrospectionService(ClientGate gate, AccessTokenStore tokens, String issuer, Set<String> introspectAny,
            Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.introspectAny = Set.copyOf(introspectAny);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Introspects an access token for the authenticated client (RFC 7662 2).
     *
     * @param form          the request's form parameters
     * @param authorization the {@code Authorization} header, or null
     */
    public Map<String, Object> introspect(Map<String, List<String>> form, String authorization,
            RequestContext context) {
        Parameters params = new Parameters(form);
        ClientRecord client = gate.admit(ClientCredentials.from(authorization, params), context,
                "introspection.rejected");
        if (client.isPublic()) {
            // RFC 7662 2.1: the endpoint is protected; a client id alone proves nothing.
            throw OAuthException.invalidClient("introspection requires client authentication");
        }
        String token = params.single("token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        return introspect(client, token, clock.instant());
    }

    private Map<String, Object> introspect(ClientRecord caller, String token, Instant now) {
        AccessTokenRecord t = tokens.findAccessToken(Tokens.hash(token), now).orElse(null);
        if (t == null
                || !(t.grant().clientId().equals(caller.clientId()) || introspectAny.contains(caller.clientId()))) {
            return INACTIVE;
        }
        Grant grant = t.grant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", true);
        m.put("client_id", grant.clientId());
        if (!grant.scope().isEmpty()) {
            m.put("scope", grant.scope().toString());
        }
        m.put("sub", grant.subject());
        // RFC 7662 2.2: members beyond the listed ones are allowed; these carry what the SSO gateway (or the
        // enterprise identity provider) said, and idp_iss which identity provider vouched for the subject. Not
        // "iss": that member is this server, the token's issuer.
        if (!grant.attributes().email().isEmpty()) {
            m.put("email", grant.attributes().email());
        }
        if (!grant.attributes().groups().isEmpty()) {
            m.put("groups", grant.attributes().groups());
        }
        if (!grant.attributes().idp().isEmpty()) {
            m.put("idp_iss", grant.attributes().idp());
        }
        if (grant.resources().size() == 1) {
            m.put("aud", grant.resources().get(0));
        } else if (!grant.resources().isEmpty()) {
            m.put("aud", grant.resources());
        }
        m.put("iss", issuer);
        m.put("exp", t.expiresAt().getEpochSecond());
        m.put("iat", t.issuedAt().getEpochSecond());
        m.put("token_type", "Bearer");
        return m;
    }
}

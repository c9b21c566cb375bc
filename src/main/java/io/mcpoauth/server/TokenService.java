package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.store.ClientRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The token endpoint (RFC 6749 3.2): reads the request, admits the client, and hands the request to the
 * handler of its grant type. Every failure is audited here, once, as {@code token.rejected}: whichever step
 * raised it (the form, the client's credentials, the grant type, the client's permission, the grant itself, or
 * something unexpected), the line names the client (as authenticated once it is, as claimed before) and the
 * requested grant type, and the refusal's detail in the server's terms when it has one (which identity provider
 * and why, for a refused ID-JAG).
 */
public final class TokenService {

    private final GrantHandlers grants;
    private final ClientGate gate;
    private final ClientRegistry clients;
    private final AuditLog audit;
    private final Clock clock;

    public TokenService(GrantHandlers grants, ClientGate gate, ClientRegistry clients, AuditLog audit,
            Clock clock) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Handles a token request.
     *
     * @param form          the request's form parameters
     * @param authorization the {@code Authorization} header, or null
     */
    public TokenResponse token(Map<String, List<String>> form, String authorization, RequestContext context) {
        String clientId = null;
        String grantType = null;
        ClientAuthMethod method = null;
        try {
            Parameters params = new Parameters(form);
            ClientCredentials credentials = ClientCredentials.from(authorization, params);
            clientId = credentials.clientId();
            method = credentials.method();
            grantType = params.single("grant_type");
            if (grantType == null) {
                throw OAuthException.invalidRequest("grant_type is required");
            }
            ClientRecord client = gate.admit(credentials, context);
            clientId = client.clientId();
            GrantHandler handler = grants.handler(grantType);
            if (!client.grantTypes().contains(handler.grantType())) {
                throw OAuthException.unauthorizedClient("client may not use grant_type " + grantType);
            }
            TokenResponse response = handler.handle(new TokenRequest(params, credentials, context), client,
                    clock.instant());
            clients.markUsed(client);
            return response;
        } catch (RuntimeException e) {
            audit.record(AuditEvent.failure("token.rejected").client(clientId).remote(context.remoteAddress())
                    .reason(AuditReasons.of(e))
                    .with("grant_type", grantType)
                    .with("auth_method", method == null ? null : method.value())
                    .with("detail", e instanceof OAuthException refusal ? refusal.debug() : null));
            throw e;
        }
    }
}

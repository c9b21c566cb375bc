package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ClientStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Dynamic client registration (RFC 7591 3). Generated secrets have 256 bits of entropy, so a fast
 * SHA-256 is as safe as bcrypt for them; they are still stored only as that hash.
 */
public final class RegistrationService {

    private final RegistrationSettings settings;
    private final RegisteredClientPolicy policy;
    private final ClientStore clients;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;
    private final SharedSecret initialAccessToken;

    public RegistrationService(RegistrationSettings settings, RegisteredClientPolicy policy, ClientStore clients,
            RateLimits limits, AuditLog audit, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.initialAccessToken = new SharedSecret(settings.initialAccessToken());
    }

    /**
     * Registers a client whose metadata is read from the request only once the initial access token (when one is
     * configured) and the registration rate limit admitted the caller, so that a refused caller's body is never
     * read.
     */
    public Map<String, Object> register(String bearerToken, RequestContext context,
            Supplier<Map<String, Object>> metadata) {
        authorize(bearerToken);
        limits.registration(context.remoteAddress(), clock.instant());
        return register(ClientMetadata.parse(metadata.get()), context, clock.instant());
    }

    /** Checks the initial access token when one is configured (RFC 7591 3: bearer, RFC 6750). */
    private void authorize(String bearerToken) {
        if (!settings.enabled()) {
            throw new EndpointDisabledException("dynamic client registration is disabled");
        }
        if (initialAccessToken.isConfigured() && !initialAccessToken.matches(bearerToken)) {
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a valid initial access token is required");
        }
    }

    private Map<String, Object> register(ClientMetadata md, RequestContext context, Instant now) {
        Set<String> scopes;
        try {
            scopes = policy.admit(md);
        } catch (OAuthException e) {
            audit.record(AuditEvent.failure("client.registered").remote(context.remoteAddress())
                    .reason(e.error().code()));
            throw e;
        }
        if (clients.count(now) >= settings.maxClients()) {
            audit.record(AuditEvent.failure("client.registered").remote(context.remoteAddress()).reason("limit"));
            throw new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, "the registered-client limit is reached");
        }
        String clientId = Tokens.newId();
        boolean confidential = md.authMethod().usesSecret();
        String secret = confidential ? Tokens.newToken() : null;
        String name = md.clientName().isEmpty() ? clientId : md.clientName();
        ClientRecord client = new ClientRecord(clientId, name, confidential ? SecretVerifier.sha256Hash(secret) : "",
                md.authMethod(), md.redirectUris(), scopes, md.grantTypes(), now,
                now.plus(settings.unusedClientTtl()), md.keys());
        clients.save(client, now);
        audit.record(AuditEvent.success("client.registered").client(clientId).remote(context.remoteAddress())
                .with("auth_method", md.authMethod().value()));
        return response(client, md.clientName(), secret);
    }

    /** RFC 7591 3.2.1: every registered member echoed; absent ones left out, never {@code null}. */
    private static Map<String, Object> response(ClientRecord client, String clientName, String secret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", client.clientId());
        if (secret != null) {
            m.put("client_secret", secret);
            m.put("client_secret_expires_at", 0);
        }
        m.put("client_id_issued_at", client.createdAt().getEpochSecond());
        if (!client.redirectUris().isEmpty()) {
            m.put("redirect_uris", client.redirectUris());
        }
        m.put("token_endpoint_auth_method", client.authMethod().value());
        if (!client.keys().jwksUri().isEmpty()) {
            m.put("jwks_uri", client.keys().jwksUri());
        } else if (!client.keys().jwks().isEmpty()) {
            m.put("jwks", JwkSets.parse("jwks", client.keys().jwks()).toJSONObject(true));
        }
        m.put("grant_types", GrantType.sortedValues(client.grantTypes()));
        m.put("response_types", client.grantTypes().contains(GrantType.AUTHORIZATION_CODE) ? List.of("code")
                : List.of());
        if (!clientName.isEmpty()) {
            m.put("client_name", clientName);
        }
        if (!client.scopes().isEmpty()) {
            // RFC 7591 3.2.1: the scope registered, which is the ceiling when none was asked for.
            m.put("scope", new Scope(new TreeSet<>(client.scopes())).toString());
        }
        return m;
    }
}

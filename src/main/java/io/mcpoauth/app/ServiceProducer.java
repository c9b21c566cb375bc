package io.mcpoauth.app;

import io.mcpoauth.audit.AuditListener;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.KeySetFetcher;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.jose.ClientAssertionSettings;
import io.mcpoauth.jose.ClientAssertionVerifier;
import io.mcpoauth.metrics.AuditCounters;
import io.mcpoauth.metrics.MetricsSettings;
import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.migrate.ImportRules;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.ratelimit.RateLimits;
import io.mcpoauth.server.AdminGate;
import io.mcpoauth.server.AdminService;
import io.mcpoauth.server.AssertionKeys;
import io.mcpoauth.server.AuthorizationService;
import io.mcpoauth.server.AuthorizationValidator;
import io.mcpoauth.server.ClientAssertions;
import io.mcpoauth.server.ClientAuthenticator;
import io.mcpoauth.server.ClientGate;
import io.mcpoauth.server.ClientRegistry;
import io.mcpoauth.server.ConsentPolicy;
import io.mcpoauth.server.GrantHandlers;
import io.mcpoauth.server.GrantRevoker;
import io.mcpoauth.server.IntrospectionService;
import io.mcpoauth.server.MetadataService;
import io.mcpoauth.server.MetricsService;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.server.RegisteredClientPolicy;
import io.mcpoauth.server.RegistrationService;
import io.mcpoauth.server.ResourcePolicy;
import io.mcpoauth.server.RevocationService;
import io.mcpoauth.server.ScopePolicy;
import io.mcpoauth.server.StorageTransfer;
import io.mcpoauth.server.SubjectAccess;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenService;
import io.mcpoauth.server.admin.ClientAdmin;
import io.mcpoauth.server.admin.GrantAdmin;
import io.mcpoauth.server.admin.SubjectAdmin;
import io.mcpoauth.server.grant.AuthorizationCodeGrant;
import io.mcpoauth.server.grant.ClientCredentialsGrant;
import io.mcpoauth.server.grant.JwtBearerGrant;
import io.mcpoauth.server.grant.RefreshTokenGrant;
import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.signing.SigningSettings;
import io.mcpoauth.store.Storage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * Builds the endpoint services of {@code io.mcpoauth.server}, plain classes, and what they share, each once for
 * the application. A resource injects the one service it serves; a test builds a service alone from its
 * constructor.
 */
@ApplicationScoped
public class ServiceProducer {

    /**
     * Builds every service at deployment, so that a bad setting or an unusable storage fails the deployment with
     * its message rather than the first request.
     */
    void build(@Observes @Initialized(ApplicationScoped.class) Object ignored, AuthorizationService authorization,
            TokenService tokens, IntrospectionService introspection, RevocationService revocation,
            RegistrationService registration, AdminService admin, ClientAdmin clientAdmin, GrantAdmin grantAdmin,
            SubjectAdmin subjectAdmin, MetadataService metadata, SigningKeys keys) {
        // Injecting them built them.
    }

    @Produces
    @Singleton
    AuthorizationService authorization(OAuthSettings settings, Storage storage, ClientRegistry clients,
            ScopePolicy scopes, ResourcePolicy resources, SubjectAccess subjects, RateLimits limits, AuditLog audit,
            Clock clock) {
        return new AuthorizationService(settings, storage, clients,
                new AuthorizationValidator(clients, scopes, resources),
                new ConsentPolicy(settings.consent(), storage.consents()), subjects, limits, audit, clock);
    }

    @Produces
    @Singleton
    TokenService tokens(GrantHandlers grants, ClientGate gate, ClientRegistry clients, AuditLog audit,
            Clock clock) {
        return new TokenService(grants, gate, clients, audit, clock);
    }

    /** One handler per grant type: the token endpoint dispatches through them, the metadata lists them. */
    @Produces
    @Singleton
    GrantHandlers grantHandlers(OAuthSettings settings, Storage storage, TokenIssuer issuer, ScopePolicy scopes,
            ResourcePolicy resources, SubjectAccess subjects, AuditLog audit, Clock clock) {
        return new GrantHandlers(List.of(
                new AuthorizationCodeGrant(storage.codes(), storage.grants(), issuer, resources, subjects, audit),
                new RefreshTokenGrant(storage.refreshTokens(), issuer, resources, subjects, audit),
                new ClientCredentialsGrant(issuer, scopes, resources, audit),
                JwtBearerGrant.of(settings, storage.usedIds(), issuer, scopes, subjects, audit, clock)));
    }

    /** Revokes whole grants on an operator's word (the admin API, a refused subject). */
    @Produces
    @Singleton
    GrantRevoker grantRevoker(Storage storage, TokenIssuer issuer) {
        return new GrantRevoker(storage.grants(), storage.grantIndex(), issuer);
    }

    /** Whether a user may get or keep tokens: the deny list and the blocks in the storage. */
    @Produces
    @Singleton
    SubjectAccess subjectAccess(OAuthSettings settings, Storage storage, GrantRevoker revoker) {
        return new SubjectAccess(settings.deniedSubjects(), storage.subjectBlocks(), revoker);
    }

    @Produces
    @Singleton
    MetadataService metadata(OAuthSettings settings, GrantHandlers grants, SigningSettings signing) {
        return new MetadataService(settings, grants.supported(), signing.enabled());
    }

    /**
     * The server's signing keys: the provided ones, keys generated and rotated in the storage, or none when the
     * server signs nothing ({@code /jwks} is then 404 and the metadata names no {@code jwks_uri}). A retired key
     * stays published for the longest access-token lifetime (plus clock skew) after it stopped signing.
     */
    @Produces
    @Singleton
    SigningKeys signingKeys(SigningSettings signing, OAuthSettings settings, Storage storage) {
        return SigningKeys.of(signing, storage, settings.longestAccessTtl());
    }

    @Produces
    @Singleton
    IntrospectionService introspection(OAuthSettings settings, Storage storage, ClientGate gate, Clock clock) {
        return new IntrospectionService(gate, storage.accessTokens(), settings.issuer(), settings.introspectAny(),
                clock);
    }

    @Produces
    @Singleton
    RevocationService revocation(Storage storage, ClientGate gate, TokenIssuer issuer, AuditLog audit, Clock clock) {
        return new RevocationService(gate, storage.accessTokens(), storage.refreshTokens(), storage.grants(), issuer,
                audit, clock);
    }

    @Produces
    @Singleton
    RegistrationService registration(OAuthSettings settings, Storage storage, RateLimits limits, AuditLog audit,
            Clock clock) {
        return new RegistrationService(settings.registration(), registeredClients(settings), storage.clients(),
                limits, audit, clock);
    }

    @Produces
    @Singleton
    AdminService admin(OAuthSettings settings, Storage storage, AdminGate gate, AuditLog audit, Clock clock) {
        ImportRules rules = new ImportRules(settings.longestAccessTtl(), settings.refreshTtl(), settings.consent().ttl(),
                settings.registration().unusedClientTtl());
        return new AdminService(gate, storage.consents(), new StorageTransfer(storage, rules, audit, clock), audit,
                clock);
    }

    @Produces
    @Singleton
    ClientAdmin clientAdmin(OAuthSettings settings, Storage storage, AdminGate gate, GrantRevoker revoker,
            AuditLog audit, Clock clock) {
        return new ClientAdmin(gate, storage.clients(), settings.clients(), storage.grantIndex(), revoker, audit,
                clock);
    }

    @Produces
    @Singleton
    GrantAdmin grantAdmin(Storage storage, AdminGate gate, GrantRevoker revoker, AuditLog audit, Clock clock) {
        return new GrantAdmin(gate, storage.grantIndex(), revoker, audit, clock);
    }

    @Produces
    @Singleton
    SubjectAdmin subjectAdmin(OAuthSettings settings, Storage storage, AdminGate gate, GrantRevoker revoker,
            AuditLog audit, Clock clock) {
        return new SubjectAdmin(gate, storage.subjectBlocks(), storage.grantIndex(), revoker,
                settings.grantMaxLifetime(), audit, clock);
    }

    /** The admin token's check, the same for every administration endpoint. */
    @Produces
    @Singleton
    AdminGate adminGate(OAuthSettings settings, RateLimits limits, AuditLog audit, Clock clock) {
        return new AdminGate(new SharedSecret(settings.adminToken()), limits, audit, clock);
    }

    @Produces
    @Singleton
    ClientRegistry clientRegistry(OAuthSettings settings, Storage storage, ClientIdMetadataResolver documents,
            Clock clock) {
        return new ClientRegistry(settings.clients(), storage.clients(), documents, registeredClients(settings),
                clock);
    }

    @Produces
    @Singleton
    ClientGate clientGate(OAuthSettings settings, Storage storage, ClientRegistry clients, SecretVerifier verifier,
            KeySetFetcher keySets, RateLimits limits, AuditLog audit, Clock clock) {
        ClientAssertionSettings a = settings.clientAssertions();
        // RFC 7523 3 item 3: the audience is the issuer or the token endpoint (the MCP SDKs send either).
        ClientAssertions assertions = new ClientAssertions(new ClientAssertionVerifier(settings.issuer(),
                settings.issuer() + "/token", clock, a.clockSkew(), a.maxLifetime()), new AssertionKeys(a, keySets),
                storage.usedIds(), a.clockSkew(), clock);
        return new ClientGate(new ClientAuthenticator(clients, verifier, assertions), limits, audit, clock);
    }

    @Produces
    @Singleton
    RateLimits rateLimits(RateLimiter limiter, OAuthSettings settings, OperatorMetrics metrics) {
        return new RateLimits(limiter, settings.rateLimits(), metrics::rateLimited);
    }

    /** One set of counters for the application, fed by the audit log and the rate limits. */
    @Produces
    @Singleton
    OperatorMetrics operatorMetrics() {
        return new OperatorMetrics();
    }

    /** What the audit log tells of each event: the operator metrics count it. */
    @Produces
    @Singleton
    AuditListener auditListener(OperatorMetrics metrics) {
        return new AuditCounters(metrics);
    }

    @Produces
    @Singleton
    MetricsService metricsService(OAuthSettings settings, MetricsSettings metricsSettings, OperatorMetrics metrics,
            RateLimits limits, AuditLog audit, Clock clock) {
        return new MetricsService(new SharedSecret(settings.adminToken()), new SharedSecret(metricsSettings.token()),
                metrics, limits, audit, clock);
    }

    @Produces
    @Singleton
    TokenIssuer tokenIssuer(OAuthSettings settings, Storage storage, SigningKeys keys) {
        return new TokenIssuer(storage.accessTokens(), storage.refreshTokens(), storage.grantIndex(),
                settings.accessTtl(), settings.refreshTtl(), settings.grantMaxLifetime(), settings.tokenFormats(),
                settings.issuer(), keys);
    }

    @Produces
    @Singleton
    ScopePolicy scopePolicy(OAuthSettings settings) {
        return new ScopePolicy(settings.supportedScopes());
    }

    @Produces
    @Singleton
    ResourcePolicy resourcePolicy(OAuthSettings settings) {
        return new ResourcePolicy(settings.resources());
    }

    /** What registered clients may do: a rule of the settings, the same wherever it is applied. */
    private static RegisteredClientPolicy registeredClients(OAuthSettings settings) {
        return new RegisteredClientPolicy(settings.registration(), settings.supportedScopes());
    }
}

package io.mcpoauth.server;

import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.ClientIdMetadataResolver;
import io.mcpoauth.cimd.FetchTransport;
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
import io.mcpoauth.server.admin.ClientAdmin;
import io.mcpoauth.server.admin.GrantAdmin;
import io.mcpoauth.server.admin.SubjectAdmin;
import io.mcpoauth.server.grant.AuthorizationCodeGrant;
import io.mcpoauth.server.grant.ClientCredentialsGrant;
import io.mcpoauth.server.grant.JwtBearerGrant;
import io.mcpoauth.server.grant.RefreshTokenGrant;
import io.mcpoauth.store.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoint services built as the application's producer builds them, each only when a test first asks for
 * it: a test builds the service it drives and what that service needs, nothing else. One instance is one server
 * node (its own secret verifier and audit log); two over the same storage and rate limiter are two nodes.
 */
public class EndpointServices {

    final OAuthSettings settings;
    final Storage storage;
    final AuditLog audit;
    /** This node's counters, fed by its audit log and rate limits as in the application. */
    final OperatorMetrics metrics = new OperatorMetrics();
    private final RateLimiter limiter;
    private final FetchTransport transport;
    private final Clock clock;
    private final SecretVerifier verifier = new SecretVerifier();
    /** What this node signs JWT access tokens with, when its settings make any. */
    final OneSigningKey signingKeys = new OneSigningKey("test-key-1");

    private ClientRegistry clients;
    private RateLimits limits;
    private ClientGate gate;
    private TokenIssuer issuer;
    private AuthorizationService authorization;
    private TokenService tokens;
    private IntrospectionService introspection;
    private RevocationService revocation;
    private RegistrationService registration;
    private AdminService admin;
    private AdminGate adminGate;
    private ClientAdmin clientAdmin;
    private GrantAdmin grantAdmin;
    private SubjectAdmin subjectAdmin;
    private GrantRevoker revoker;
    private SubjectAccess subjects;
    private MetricsService metricsService;

    public EndpointServices(OAuthSettings settings, Storage storage, RateLimiter limiter, FetchTransport transport,
            Clock clock) {
        this.settings = settings;
        this.storage = storage;
        this.limiter = limiter;
        this.transport = transport;
        this.clock = clock;
        this.audit = new AuditLog(clock, new AuditCounters(metrics));
        metrics.countClients(() -> storage.clients().count(clock.instant()));
        metrics.countGrants(() -> storage.grantIndex().count(clock.instant()));
    }

    public synchronized AuthorizationService authorization() {
        if (authorization == null) {
            authorization = new AuthorizationService(settings, storage, clients(),
                    new AuthorizationValidator(clients(), scopes(), resources()),
                    new ConsentPolicy(settings.consent(), storage.consents()), subjects(), limits(), audit, clock);
        }
        return authorization;
    }

    public synchronized TokenService tokens() {
        if (tokens == null) {
            tokens = new TokenService(new GrantHandlers(grants()), gate(), clients(), audit, clock);
        }
        return tokens;
    }

    /** A token endpoint with this handler in place of the usual one for its grant type. */
    TokenService tokensWith(GrantHandler replacement) {
        List<GrantHandler> grants = new ArrayList<>(grants());
        grants.removeIf(g -> g.grantType() == replacement.grantType());
        grants.add(replacement);
        return new TokenService(new GrantHandlers(grants), gate(), clients(), audit, clock);
    }

    private List<GrantHandler> grants() {
        return List.of(new AuthorizationCodeGrant(storage.codes(), storage.grants(), issuer(), resources(),
                        subjects(), audit),
                new RefreshTokenGrant(storage.refreshTokens(), issuer(), resources(), subjects(), audit),
                new ClientCredentialsGrant(issuer(), scopes(), resources(), audit),
                JwtBearerGrant.of(settings, storage.usedIds(), issuer(), scopes(), subjects(), audit, clock));
    }

    synchronized GrantRevoker revoker() {
        if (revoker == null) {
            revoker = new GrantRevoker(storage.grants(), storage.grantIndex(), issuer());
        }
        return revoker;
    }

    synchronized SubjectAccess subjects() {
        if (subjects == null) {
            subjects = new SubjectAccess(settings.deniedSubjects(), storage.subjectBlocks(), revoker());
        }
        return subjects;
    }

    public synchronized IntrospectionService introspection() {
        if (introspection == null) {
            introspection = new IntrospectionService(gate(), storage.accessTokens(), settings.issuer(),
                    settings.introspectAny(), clock);
        }
        return introspection;
    }

    public synchronized RevocationService revocation() {
        if (revocation == null) {
            revocation = new RevocationService(gate(), storage.accessTokens(), storage.refreshTokens(),
                    storage.grants(), issuer(), audit, clock);
        }
        return revocation;
    }

    public synchronized RegistrationService registration() {
        if (registration == null) {
            registration = new RegistrationService(settings.registration(), registeredClients(), storage.clients(),
                    limits(), audit, clock);
        }
        return registration;
    }

    public synchronized AdminService admin() {
        if (admin == null) {
            admin = new AdminService(adminGate(), storage.consents(),
                    new StorageTransfer(storage, new ImportRules(settings.longestAccessTtl(), settings.refreshTtl(),
                            settings.consent().ttl(), settings.registration().unusedClientTtl()), audit, clock),
                    audit, clock);
        }
        return admin;
    }

    public synchronized ClientAdmin clientAdmin() {
        if (clientAdmin == null) {
            clientAdmin = new ClientAdmin(adminGate(), storage.clients(), settings.clients(), storage.grantIndex(),
                    revoker(), audit, clock);
        }
        return clientAdmin;
    }

    public synchronized GrantAdmin grantAdmin() {
        if (grantAdmin == null) {
            grantAdmin = new GrantAdmin(adminGate(), storage.grantIndex(), revoker(), audit, clock);
        }
        return grantAdmin;
    }

    public synchronized SubjectAdmin subjectAdmin() {
        if (subjectAdmin == null) {
            subjectAdmin = new SubjectAdmin(adminGate(), storage.subjectBlocks(), storage.grantIndex(), revoker(),
                    settings.grantMaxLifetime(), audit, clock);
        }
        return subjectAdmin;
    }

    synchronized AdminGate adminGate() {
        if (adminGate == null) {
            adminGate = new AdminGate(new SharedSecret(settings.adminToken()), limits(), audit, clock);
        }
        return adminGate;
    }

    /** The metrics endpoint, with the admin token and {@code mcp.oauth.metrics.token} of these settings. */
    public synchronized MetricsService metricsService(MetricsSettings metricsSettings) {
        if (metricsService == null) {
            metricsService = new MetricsService(new SharedSecret(settings.adminToken()),
                    new SharedSecret(metricsSettings.token()), metrics, limits(), audit, clock);
        }
        return metricsService;
    }

    public MetadataService metadata() {
        return new MetadataService(settings, new GrantHandlers(grants()).supported());
    }

    synchronized ClientRegistry clients() {
        if (clients == null) {
            clients = new ClientRegistry(settings.clients(), storage.clients(),
                    new ClientIdMetadataResolver(settings.cimd(), transport, clock), registeredClients(), clock);
        }
        return clients;
    }

    private synchronized RateLimits limits() {
        if (limits == null) {
            limits = new RateLimits(limiter, settings.rateLimits(), metrics::rateLimited);
        }
        return limits;
    }

    private synchronized ClientGate gate() {
        if (gate == null) {
            ClientAssertionSettings a = settings.clientAssertions();
            ClientAssertions assertions = new ClientAssertions(new ClientAssertionVerifier(settings.issuer(),
                    settings.issuer() + "/token", clock, a.clockSkew(), a.maxLifetime()),
                    new AssertionKeys(a, new KeySetFetcher(settings.cimd(), transport, r -> {
                        Thread t = new Thread(r, "test-key-fetch");
                        t.setDaemon(true);
                        return t;
                    })), storage.usedIds(), a.clockSkew(), clock);
            gate = new ClientGate(new ClientAuthenticator(clients(), verifier, assertions), limits(), audit, clock);
        }
        return gate;
    }

    private synchronized TokenIssuer issuer() {
        if (issuer == null) {
            issuer = new TokenIssuer(storage.accessTokens(), storage.refreshTokens(), storage.grantIndex(),
                    settings.accessTtl(), settings.refreshTtl(), settings.grantMaxLifetime(), settings.tokenFormats(),
                    settings.issuer(), signingKeys);
        }
        return issuer;
    }

    private RegisteredClientPolicy registeredClients() {
        return new RegisteredClientPolicy(settings.registration(), settings.supportedScopes());
    }

    private ScopePolicy scopes() {
        return new ScopePolicy(settings.supportedScopes());
    }

    private ResourcePolicy resources() {
        return new ResourcePolicy(settings.resources());
    }
}

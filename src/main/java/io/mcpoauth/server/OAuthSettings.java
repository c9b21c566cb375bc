package io.mcpoauth.server;

import io.mcpoauth.cimd.CimdSettings;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;
import io.mcpoauth.enterprise.EnterpriseSettings;
import io.mcpoauth.jose.ClientAssertionSettings;
import io.mcpoauth.lang.Require;
import io.mcpoauth.login.LoginSettings;
import io.mcpoauth.protocol.Loopback;
import io.mcpoauth.ratelimit.RateLimitSettings;
import io.mcpoauth.store.ClientRecord;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code mcp.oauth.*} setting, read and checked once at start-up. A bad value fails the deployment
 * with a message naming the key, rather than failing requests later.
 *
 * @param refreshTtl       {@code mcp.oauth.token.refresh-ttl} (default 30 days): the idle limit of a grant, how
 *                         long a refresh token lives unused; each rotation starts a new one, up to the grant's end
 * @param grantMaxLifetime {@code mcp.oauth.token.grant-max-lifetime} (default 90 days): the hard cap on a grant's
 *                         life, counted from the original authorization (the code exchange); no refresh token or
 *                         access token of the grant lives past it, however often it is refreshed, and a refresh
 *                         presented after it is {@code invalid_grant}
 * @param enterprise       {@code mcp.oauth.enterprise.*}: the identity providers whose Identity Assertion JWT
 *                         Authorization Grants the token endpoint redeems; none by default
 * @param tokenFormats     {@code mcp.oauth.token.format} and the JWT access token settings beside it: which
 *                         resources' tokens are JWTs (RFC 9068), their lifetime and claims
 * @param deniedSubjects   {@code mcp.oauth.subjects.deny}: subjects refused for good (see {@link SubjectAccess})
 */
public record OAuthSettings(
        String issuer,
        Duration accessTtl,
        Duration refreshTtl,
        Duration grantMaxLifetime,
        Duration codeTtl,
        Duration pendingTtl,
        Set<String> supportedScopes,
        Set<String> resources,
        Map<String, ClientRecord> clients,
        Set<String> introspectAny,
        RegistrationSettings registration,
        RateLimitSettings rateLimits,
        CimdSettings cimd,
        ConsentSettings consent,
        String adminToken,
        LoginSettings login,
        EnterpriseSettings enterprise,
        ClientAssertionSettings clientAssertions,
        AccessTokenFormats tokenFormats,
        SubjectDenyList deniedSubjects) {

    public static final String GRANT_MAX_LIFETIME_KEY = "mcp.oauth.token.grant-max-lifetime";

    public OAuthSettings {
        Require.nonNull("issuer, registration, rateLimits, cimd, consent, adminToken, login, enterprise,"
                + " clientAssertions, tokenFormats, deniedSubjects",
                issuer, registration, rateLimits, cimd, consent, adminToken, login, enterprise, clientAssertions,
                tokenFormats, deniedSubjects);
        supportedScopes = Set.copyOf(supportedScopes);
        resources = Set.copyOf(resources);
        clients = Map.copyOf(clients);
        introspectAny = Set.copyOf(introspectAny);
    }

    /**
     * Reads the authorization server's own settings and those of the parts it drives (registration, rate
     * limits, metadata documents, consent, login, client assertions). Storage and forwarded-address settings are read by their
     * owners ({@code StorageSettings}, {@code RedisSettings}, {@code JdbcSettings}, {@code ForwardedSettings}).
     */
    public static OAuthSettings load(ConfigSource c) {
        String issuer = issuer(c.get("mcp.oauth.issuer", "http://localhost:8080"));
        List<String> scopes = Lists.split(c.get("mcp.oauth.scopes", ""));
        ConfiguredClients configured = ConfiguredClients.read(c);
        Set<String> resources = new LinkedHashSet<>(Lists.split(c.get("mcp.oauth.resources", "")));
        OAuthSettings settings = new OAuthSettings(
                issuer,
                duration(c, "mcp.oauth.token.access-ttl", "1h"),
                duration(c, "mcp.oauth.token.refresh-ttl", "30d"),
                duration(c, GRANT_MAX_LIFETIME_KEY, "90d"),
                duration(c, "mcp.oauth.token.code-ttl", "10m"),
                duration(c, "mcp.oauth.login.pending-ttl", "10m"),
                new LinkedHashSet<>(scopes),
                resources,
                configured.clients(),
                configured.introspectAny(),
                RegistrationSettings.load(c),
                RateLimitSettings.load(c),
                CimdSettings.load(c),
                ConsentSettings.load(c, scopes),
                c.get("mcp.oauth.admin.token", ""),
                LoginSettings.load(c, issuer),
                EnterpriseSettings.load(c),
                ClientAssertionSettings.load(c),
                AccessTokenFormats.load(c, resources),
                SubjectDenyList.load(c));
        settings.check();
        return settings;
    }

    private void check() {
        if (enterprise.enabled() && resources.isEmpty()) {
            // An ID-JAG names the resource its token is for; only a listed resource can be checked against it.
            throw new IllegalArgumentException(EnterpriseSettings.IDPS_KEY + " lists identity providers: then "
                    + "mcp.oauth.resources must list the resources their grants may name");
        }
        if (!supportedScopes.isEmpty() && !supportedScopes.containsAll(registration.scopes())) {
            throw new IllegalArgumentException(RegistrationSettings.SCOPES_KEY
                    + " lists scopes missing from mcp.oauth.scopes");
        }
        if (registration.allowsClientCredentials() && (registration.scopes().isEmpty() || resources.isEmpty())) {
            // Anyone can register: machine tokens for them need a scope ceiling of their own and an audience.
            throw new IllegalArgumentException(RegistrationSettings.GRANT_TYPES_KEY + " lists client_credentials: "
                    + "then " + RegistrationSettings.SCOPES_KEY + " and mcp.oauth.resources must be set too");
        }
        for (ClientRecord client : clients.values()) {
            if (!supportedScopes.isEmpty() && !supportedScopes.containsAll(client.scopes())) {
                throw new IllegalArgumentException("mcp.oauth.client." + client.clientId()
                        + ".scopes lists scopes missing from mcp.oauth.scopes");
            }
        }
    }

    /** The longest an access token of either format lives: the most an imported one may have left. */
    public Duration longestAccessTtl() {
        return tokenFormats.anyJwt() && tokenFormats.jwtLifetime().compareTo(accessTtl) > 0
                ? tokenFormats.jwtLifetime() : accessTtl;
    }

    /** RFC 8414 2: an https URL (http allowed for localhost) with no query or fragment; no trailing slash. */
    private static String issuer(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("mcp.oauth.issuer: not a URL: " + value);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalArgumentException("mcp.oauth.issuer must be an absolute http(s) URL without query or fragment");
        }
        if (uri.getScheme().equals("http") && !Loopback.isHost(uri.getHost())) {
            // RFC 8414 2: the issuer is an https URL; plain http only for a server on this machine.
            throw new IllegalArgumentException("mcp.oauth.issuer must be https outside localhost: " + value);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static Duration duration(ConfigSource c, String key, String defaultValue) {
        return Durations.parse(key, c.get(key, defaultValue));
    }
}

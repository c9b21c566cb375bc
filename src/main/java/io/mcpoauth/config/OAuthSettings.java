package io.mcpoauth.config;

import io.mcpoauth.login.LoginMode;
import io.mcpoauth.store.ClientRecord;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
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
 */
public record OAuthSettings(
        String issuer,
        String storage,
        int memoryMaxEntries,
        long memoryMaxPendingBytes,
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
        ForwardedSettings forwarded,
        CimdSettings cimd,
        ConsentSettings consent,
        String adminToken,
        RedisSettings redis,
        JdbcSettings jdbc,
        LoginSettings login) {

    public static final String GRANT_MAX_LIFETIME_KEY = "mcp.oauth.token.grant-max-lifetime";

    public OAuthSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(storage, "storage");
        supportedScopes = Set.copyOf(supportedScopes);
        resources = Set.copyOf(resources);
        clients = Map.copyOf(clients);
        introspectAny = Set.copyOf(introspectAny);
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(forwarded, "forwarded");
        Objects.requireNonNull(cimd, "cimd");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(login, "login");
    }

    public static OAuthSettings load(ConfigSource c) {
        String issuer = issuer(c.get("mcp.oauth.issuer", "http://localhost:8080"));
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : Lists.split(c.get("mcp.oauth.login.form.users", ""))) {
            String key = "mcp.oauth.login.form.user." + user + ".password-hash";
            String hash = c.nonBlank(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
            users.put(user, BcryptHashes.check(key, hash));
        }
        LoginMode mode = LoginMode.parse(c.get(LoginMode.KEY, LoginMode.FORM.toString()));
        LoginSettings login = new LoginSettings(
                mode,
                c.get("mcp.oauth.login.header", "X-Forwarded-User"),
                Lists.split(c.get(LoginSettings.TRUSTED_PROXIES_KEY, "")),
                users,
                c.bool("mcp.oauth.login.form.allow-non-localhost-issuer", false),
                AssertionSettings.load(c, mode),
                c.get("mcp.oauth.login.header-secret-name", ""),
                c.get("mcp.oauth.login.header-secret-value", ""),
                c.get("mcp.oauth.login.header-email", ""),
                c.get("mcp.oauth.login.header-groups", ""),
                c.get("mcp.oauth.login.container-role", LoginSettings.DEFAULT_CONTAINER_ROLE));
        OAuthSettings settings = new OAuthSettings(
                issuer,
                c.get("mcp.oauth.storage", "memory"),
                c.integer("mcp.oauth.memory.max-entries", 1_000_000, 1, Integer.MAX_VALUE),
                c.number("mcp.oauth.memory.max-pending-bytes", 64L * 1024 * 1024, 1L << 20, 1L << 40),
                duration(c, "mcp.oauth.token.access-ttl", "1h"),
                duration(c, "mcp.oauth.token.refresh-ttl", "30d"),
                duration(c, GRANT_MAX_LIFETIME_KEY, "90d"),
                duration(c, "mcp.oauth.token.code-ttl", "10m"),
                duration(c, "mcp.oauth.login.pending-ttl", "10m"),
                new LinkedHashSet<>(Lists.split(c.get("mcp.oauth.scopes", ""))),
                new LinkedHashSet<>(Lists.split(c.get("mcp.oauth.resources", ""))),
                ConfiguredClients.read(c),
                ConfiguredClients.introspectAny(c),
                RegistrationSettings.load(c),
                RateLimitSettings.load(c),
                ForwardedSettings.load(c),
                CimdSettings.load(c),
                ConsentSettings.load(c),
                c.get("mcp.oauth.admin.token", ""),
                RedisSettings.load(c),
                JdbcSettings.load(c),
                login);
        settings.check();
        return settings;
    }

    private void check() {
        if (login.mode() == LoginMode.FORM && !issuerIsLocalhost() && !login.formAllowNonLocalIssuer()) {
            throw new IllegalArgumentException("mcp.oauth.login.mode=form is a demo login and refuses to run with the "
                    + "non-localhost issuer " + issuer + "; choose another mode or set "
                    + "mcp.oauth.login.form.allow-non-localhost-issuer=true");
        }
        if (memoryMaxEntries < 1) {
            throw new IllegalArgumentException("mcp.oauth.memory.max-entries must be positive");
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

    public boolean issuerIsLocalhost() {
        return isLoopbackHost(URI.create(issuer).getHost());
    }

    /** {@code localhost}, an IPv4 loopback literal (127.0.0.0/8) or {@code [::1]} (RFC 8252 8.3, RFC 6761 6.3). */
    private static boolean isLoopbackHost(String host) {
        return host != null && ("localhost".equalsIgnoreCase(host) || "[::1]".equals(host)
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
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
        if (uri.getScheme().equals("http") && !isLoopbackHost(uri.getHost())) {
            // RFC 8414 2: the issuer is an https URL; plain http only for a server on this machine.
            throw new IllegalArgumentException("mcp.oauth.issuer must be https outside localhost: " + value);
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static Duration duration(ConfigSource c, String key, String defaultValue) {
        return Durations.parse(key, c.get(key, defaultValue));
    }
}

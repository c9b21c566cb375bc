package io.mcpoauth.login;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Lists;
import io.mcpoauth.crypto.BcryptHashes;
import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Loopback;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How users log in at {@code /authorize}.
 *
 * @param mode                    {@code mcp.oauth.login.mode}: {@code form} (the demo login), {@code header} (an SSO
 *                                gateway sets a header), {@code assertion} (the gateway signs a JWT) or
 *                                {@code container} (the server's own authentication, through the security
 *                                constraint on {@code /login/container})
 * @param header                  the header that carries the user in {@code header} mode
 * @param trustedProxies          {@code mcp.oauth.login.trusted-proxies}: CIDR ranges the header is accepted from;
 *                                from anywhere else it is ignored (checked in every mode)
 * @param formUsers               demo users: name to bcrypt password hash
 * @param formAllowNonLocalIssuer lets the demo form run with an issuer that is not localhost
 * @param assertion               the signed-assertion login; null unless the mode is {@code assertion}
 * @param headerSecretName        a header the gateway must also send in {@code header} mode, or empty for none
 * @param headerSecretValue       the value it must carry (compared in constant time)
 * @param headerEmail             {@code mcp.oauth.login.header-email}: the header with the user's e-mail in
 *                                {@code header} mode (oauth2-proxy: {@code X-Forwarded-Email}), or empty for none
 * @param headerGroups            {@code mcp.oauth.login.header-groups}: the header with the user's groups,
 *                                comma-separated (oauth2-proxy: {@code X-Forwarded-Groups}), or empty for none
 * @param containerRole           the role a user the container authenticated must have in {@code container} mode;
 *                                {@code **} for any authenticated user
 */
public record LoginSettings(
        LoginMode mode,
        String header,
        List<String> trustedProxies,
        Map<String, String> formUsers,
        boolean formAllowNonLocalIssuer,
        AssertionSettings assertion,
        String headerSecretName,
        String headerSecretValue,
        String headerEmail,
        String headerGroups,
        String containerRole) {

    public static final String TRUSTED_PROXIES_KEY = "mcp.oauth.login.trusted-proxies";
    /** The role the WAR's web.xml declares; each server maps its users or groups to it. */
    public static final String DEFAULT_CONTAINER_ROLE = "mcp-oauth-user";

    public LoginSettings {
        Require.nonNull("mode, header, headerSecretName, headerSecretValue, headerEmail, headerGroups, containerRole",
                mode, header, headerSecretName, headerSecretValue, headerEmail, headerGroups, containerRole);
        trustedProxies = List.copyOf(trustedProxies);
        for (String cidr : trustedProxies) {
            try {
                CidrRange.parse(cidr);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(TRUSTED_PROXIES_KEY + ": " + e.getMessage());
            }
        }
        formUsers = Map.copyOf(formUsers);
        if (headerSecretName.isEmpty() != headerSecretValue.isEmpty()) {
            throw new IllegalArgumentException(
                    "mcp.oauth.login.header-secret-name and mcp.oauth.login.header-secret-value go together");
        }
        if (containerRole.isBlank() || !containerRole.equals(containerRole.trim())) {
            throw new IllegalArgumentException("mcp.oauth.login.container-role must be a role name, or ** for any "
                    + "authenticated user");
        }
    }

    /**
     * Reads {@code mcp.oauth.login.*}.
     *
     * @param issuer the server's issuer: the demo form login refuses to run unless it is on this machine
     */
    public static LoginSettings load(ConfigSource c, String issuer) {
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : Lists.split(c.get("mcp.oauth.login.form.users", ""))) {
            String key = "mcp.oauth.login.form.user." + user + ".password-hash";
            String hash = c.nonBlank(key).orElseThrow(() -> new IllegalArgumentException(key + " is required"));
            users.put(user, BcryptHashes.check(key, hash));
        }
        LoginMode mode = c.oneOf(LoginMode.KEY, LoginMode.FORM);
        LoginSettings login = new LoginSettings(
                mode,
                c.get("mcp.oauth.login.header", "X-Forwarded-User"),
                Lists.split(c.get(TRUSTED_PROXIES_KEY, "")),
                users,
                c.bool("mcp.oauth.login.form.allow-non-localhost-issuer", false),
                mode == LoginMode.ASSERTION ? AssertionSettings.load(c) : null,
                c.get("mcp.oauth.login.header-secret-name", ""),
                c.get("mcp.oauth.login.header-secret-value", ""),
                c.get("mcp.oauth.login.header-email", ""),
                c.get("mcp.oauth.login.header-groups", ""),
                c.get("mcp.oauth.login.container-role", DEFAULT_CONTAINER_ROLE));
        if (mode == LoginMode.FORM && !Loopback.isHost(URI.create(issuer).getHost())
                && !login.formAllowNonLocalIssuer()) {
            throw new IllegalArgumentException("mcp.oauth.login.mode=form is a demo login and refuses to run with the "
                    + "non-localhost issuer " + issuer + "; choose another mode or set "
                    + "mcp.oauth.login.form.allow-non-localhost-issuer=true");
        }
        return login;
    }
}

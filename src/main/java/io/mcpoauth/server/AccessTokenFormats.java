package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;
import io.mcpoauth.config.Setting;
import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ResourceIndicators;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which access tokens are JWTs (RFC 9068), and what a JWT carries beyond the grant.
 *
 * <p>The format is chosen per token, by its audience: a token is a JWT when any of its resources takes JWTs. A
 * JWT is also recorded by its hash like an opaque token, so a resource server that introspects can still use
 * one, while an opaque token is of no use to a resource server that validates locally: with several audiences of
 * both kinds, the JWT is the token every one of them can check. A token without an audience is never a JWT
 * (RFC 9068 2.2: {@code aud} is required); JWTs need {@code mcp.oauth.resources}, with which no token lacks one.
 *
 * @param format          {@code mcp.oauth.token.format}: {@code opaque} (default) or {@code jwt}, for every
 *                        resource not listed in the two overrides
 * @param jwtResources    {@code mcp.oauth.token.jwt-resources}: resources of {@code mcp.oauth.resources} whose
 *                        tokens are JWTs whatever the format, normalised as resource indicators are
 * @param opaqueResources {@code mcp.oauth.token.opaque-resources}: resources whose tokens are opaque whatever the
 *                        format
 * @param jwtLifetime     {@code mcp.oauth.token.jwt-lifetime} (default 5 minutes): a JWT's life, shorter than an
 *                        opaque token's since a resource server that validates locally learns of a revocation
 *                        only when the token expires; never past the grant's end either
 * @param principalClaim  {@code mcp.oauth.token.jwt-principal-claim}: the claim that repeats the subject for
 *                        MicroProfile JWT's caller name, {@code upn} (default) or {@code preferred_username}; empty
 *                        for {@code none}
 * @param type            {@code mcp.oauth.token.jwt-typ}: the JWS {@code typ} header, {@code at+jwt} (default,
 *                        RFC 9068 2.1) or {@code JWT}, for resource servers that accept nothing else
 */
public record AccessTokenFormats(TokenFormat format, Set<String> jwtResources, Set<String> opaqueResources,
        Duration jwtLifetime, String principalClaim, String type) {

    public static final String FORMAT_KEY = "mcp.oauth.token.format";
    public static final String JWT_RESOURCES_KEY = "mcp.oauth.token.jwt-resources";
    public static final String OPAQUE_RESOURCES_KEY = "mcp.oauth.token.opaque-resources";
    public static final String JWT_LIFETIME_KEY = "mcp.oauth.token.jwt-lifetime";
    public static final String PRINCIPAL_CLAIM_KEY = "mcp.oauth.token.jwt-principal-claim";
    public static final String TYPE_KEY = "mcp.oauth.token.jwt-typ";

    /** RFC 9068 2.1: the {@code typ} of a JWT access token. */
    public static final String AT_JWT = "at+jwt";

    public AccessTokenFormats {
        Require.nonNull("format, jwtLifetime, principalClaim, type", format, jwtLifetime, principalClaim, type);
        jwtResources = Set.copyOf(jwtResources);
        opaqueResources = Set.copyOf(opaqueResources);
    }

    /**
     * Reads the keys, strictly: an unknown value, or a listed resource that {@code mcp.oauth.resources} does not
     * serve, fails naming the key.
     *
     * @param resources {@code mcp.oauth.resources}, as configured
     */
    public static AccessTokenFormats load(ConfigSource c, Set<String> resources) {
        Set<String> served = Set.copyOf(normalise("mcp.oauth.resources", List.copyOf(resources)));
        TokenFormat format = c.oneOf(FORMAT_KEY, TokenFormat.OPAQUE);
        Set<String> jwt = listed(c, JWT_RESOURCES_KEY, served);
        Set<String> opaque = listed(c, OPAQUE_RESOURCES_KEY, served);
        for (String r : jwt) {
            if (opaque.contains(r)) {
                throw new IllegalArgumentException(JWT_RESOURCES_KEY + " and " + OPAQUE_RESOURCES_KEY
                        + " both list " + r);
            }
        }
        if (served.isEmpty() && format == TokenFormat.JWT) {
            // RFC 9068 2.2: aud is required; with resources listed, every token has one (ResourcePolicy).
            throw new IllegalArgumentException(FORMAT_KEY + "=jwt needs mcp.oauth.resources: a JWT access token "
                    + "names the resource it is for");
        }
        return new AccessTokenFormats(format, jwt, opaque,
                Durations.parse(JWT_LIFETIME_KEY, c.get(JWT_LIFETIME_KEY, "5m")),
                principalClaim(c), type(c));
    }

    /** Whether any token can be a JWT: then signing keys are needed. */
    public boolean anyJwt() {
        return format == TokenFormat.JWT || !jwtResources.isEmpty();
    }

    /** The format of a token for these (normalised) resources: JWT when any of them takes JWTs. */
    public TokenFormat formatOf(List<String> audience) {
        for (String resource : audience) {
            if (jwtResources.contains(resource)
                    || (format == TokenFormat.JWT && !opaqueResources.contains(resource))) {
                return TokenFormat.JWT;
            }
        }
        return TokenFormat.OPAQUE;
    }

    /** The claim that carries the subject as the caller's name, if any. */
    public Optional<String> principalClaimName() {
        return principalClaim.isEmpty() ? Optional.empty() : Optional.of(principalClaim);
    }

    private static Set<String> listed(ConfigSource c, String key, Set<String> served) {
        Set<String> out = new LinkedHashSet<>(normalise(key, Lists.split(c.get(key, ""))));
        for (String r : out) {
            if (!served.contains(r)) {
                throw new IllegalArgumentException(key + ": " + Setting.quote(r)
                        + " is not one of mcp.oauth.resources");
            }
        }
        return out;
    }

    private static List<String> normalise(String key, List<String> values) {
        try {
            return ResourceIndicators.normalise(values);
        } catch (OAuthException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static String principalClaim(ConfigSource c) {
        String v = c.get(PRINCIPAL_CLAIM_KEY, "upn");
        return switch (v) {
            case "upn", "preferred_username" -> v;
            case "none" -> "";
            default -> throw new IllegalArgumentException(PRINCIPAL_CLAIM_KEY
                    + ": must be one of upn, preferred_username, none, not " + Setting.quote(v));
        };
    }

    private static String type(ConfigSource c) {
        String v = c.get(TYPE_KEY, AT_JWT);
        if (!v.equals(AT_JWT) && !v.equals("JWT")) {
            throw new IllegalArgumentException(TYPE_KEY + ": must be at+jwt or JWT, not " + Setting.quote(v));
        }
        return v;
    }
}

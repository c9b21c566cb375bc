package io.mcpoauth.migrate;

import io.mcpoauth.cimd.KeySetFetcher;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What this server accepts from an import: the checks registration makes of a client (its redirect URIs as
 * {@link RedirectUris#requireRegistrable}, a known auth method that fits its secret, known grant types), and no
 * time further ahead than this server's own settings would give (a token living longer than
 * {@code mcp.oauth.token.access-ttl}, say). An import is an administrator's call, but the file may come from
 * anywhere: nothing in it may bypass a rule the endpoints enforce. Messages name the member, never its value.
 *
 * @param accessTtl       {@code mcp.oauth.token.access-ttl}
 * @param refreshTtl      {@code mcp.oauth.token.refresh-ttl}
 * @param consentTtl      {@code mcp.oauth.consent.ttl}
 * @param unusedClientTtl {@code mcp.oauth.registration.unused-client-ttl}
 */
public record ImportRules(Duration accessTtl, Duration refreshTtl, Duration consentTtl, Duration unusedClientTtl) {

    /** Clocks of two servers differ a little: times this far ahead of ours are still believed. */
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final int MAX_REDIRECT_URIS = 20;
    private static final int MAX_TEXT = 512;

    public ImportRules {
        Require.nonNull("accessTtl, refreshTtl, consentTtl, unusedClientTtl",
                accessTtl, refreshTtl, consentTtl, unusedClientTtl);
    }

    /** @throws IllegalArgumentException saying which rule the record breaks */
    void check(Record record, Instant now) {
        if (record instanceof ClientRecord c) {
            client(c, now);
        } else if (record instanceof ConsentRecord c) {
            notAfter("grantedAt", c.grantedAt(), now, Duration.ZERO, null);
            notAfter("expiresAt", c.expiresAt(), now, consentTtl, "mcp.oauth.consent.ttl");
            redirectUris(c.redirectUris());
        } else if (record instanceof AccessTokenRecord t) {
            notAfter("issuedAt", t.issuedAt(), now, Duration.ZERO, null);
            notAfter("expiresAt", t.expiresAt(), now, accessTtl, "mcp.oauth.token.access-ttl");
        } else if (record instanceof RefreshTokenRecord t) {
            notAfter("issuedAt", t.issuedAt(), now, Duration.ZERO, null);
            notAfter("expiresAt", t.expiresAt(), now, refreshTtl, "mcp.oauth.token.refresh-ttl");
            // A grant starting in the future would push its cap (mcp.oauth.token.grant-max-lifetime) out with it.
            notAfter("grantStartedAt", t.grantStartedAt(), now, Duration.ZERO, null);
        } else if (record instanceof RevokedGrant g) {
            // Kept while a token of the grant may live: no longer than the longer of the two lifetimes.
            notAfter("keepUntil", g.keepUntil(), now, refreshTtl.compareTo(accessTtl) > 0 ? refreshTtl : accessTtl,
                    "mcp.oauth.token.refresh-ttl");
        }
    }

    private void client(ClientRecord c, Instant now) {
        if (c.clientId().isEmpty() || c.clientId().length() > MAX_TEXT || c.name().length() > MAX_TEXT) {
            throw new IllegalArgumentException("clientId or name empty or longer than " + MAX_TEXT + " characters");
        }
        // Unknown auth methods and grant types are refused as the line is read (see RecordJson).
        if (c.authMethod().usesSecret() == c.secretHash().isEmpty()) {
            throw new IllegalArgumentException("secretHash does not fit authMethod");
        }
        if (c.grantTypes().isEmpty()) {
            throw new IllegalArgumentException("unsupported grantTypes");
        }
        if (c.grantTypes().contains(GrantType.AUTHORIZATION_CODE) && c.redirectUris().isEmpty()) {
            throw new IllegalArgumentException("redirectUris is required with the authorization_code grant");
        }
        redirectUris(c.redirectUris());
        keys(c.keys());
        notAfter("createdAt", c.createdAt(), now, Duration.ZERO, null);
        if (c.expiresAt() != null) {
            notAfter("expiresAt", c.expiresAt(), now, unusedClientTtl, "mcp.oauth.registration.unused-client-ttl");
        }
    }

    /**
     * A private_key_jwt client's keys as registration accepts them (the record itself holds that only such a
     * client has keys, and never both kinds): public RSA or EC keys, few, an https {@code jwksUri}, asymmetric
     * algorithms.
     */
    private static void keys(ClientKeys keys) {
        if (!keys.jwks().isEmpty()) {
            JwkSets.registrable("keys.jwks", keys.jwks(), KeySetFetcher.MAX_CLIENT_JWKS_CHARS,
                    KeySetFetcher.MAX_CLIENT_JWKS_KEYS);
        }
        if (!keys.jwksUri().isEmpty()) {
            KeySetFetcher.refusal(keys.jwksUri()).ifPresent(reason -> {
                throw new IllegalArgumentException("keys.jwksUri: " + reason);
            });
        }
        if (!keys.algorithms().isEmpty()) {
            JwkSets.asymmetric("keys.algorithms", String.join(",", keys.algorithms()));
        }
    }

    private static void redirectUris(List<String> uris) {
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw new IllegalArgumentException("more than " + MAX_REDIRECT_URIS + " redirectUris");
        }
        for (String uri : uris) {
            try {
                RedirectUris.requireRegistrable(uri);
            } catch (OAuthException e) {
                throw new IllegalArgumentException("redirectUris: " + e.description());
            }
        }
    }

    private static void notAfter(String member, Instant time, Instant now, Duration ahead, String key) {
        if (time.isAfter(now.plus(ahead).plus(SKEW))) {
            throw new IllegalArgumentException(member + " is further ahead than "
                    + (key == null ? "now" : key + " allows from now"));
        }
    }
}

package io.mcpoauth.server;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.SubjectAttributes;
import io.mcpoauth.store.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Mints tokens and stores their hashes. */
public final class TokenIssuer {

    private final TokenStore tokens;
    private final Duration accessTtl;
    private final Duration refreshTtl;

    public TokenIssuer(TokenStore tokens, Duration accessTtl, Duration refreshTtl) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accessTtl = Objects.requireNonNull(accessTtl, "accessTtl");
        this.refreshTtl = Objects.requireNonNull(refreshTtl, "refreshTtl");
    }

    /** A grant's subject, client, scope, audiences and subject attributes: what every token of the grant carries. */
    public record Grant(String grantId, String clientId, String subject, String scope, List<String> resources,
            SubjectAttributes attributes) {

        public Grant {
            Objects.requireNonNull(attributes, "attributes");
        }

        /** A grant whose subject has no attributes: a machine grant. */
        public Grant(String grantId, String clientId, String subject, String scope, List<String> resources) {
            this(grantId, clientId, subject, scope, resources, SubjectAttributes.NONE);
        }

        public Grant withScope(String narrowed) {
            return new Grant(grantId, clientId, subject, narrowed, resources, attributes);
        }

        public Grant withResources(List<String> narrowed) {
            return new Grant(grantId, clientId, subject, scope, narrowed, attributes);
        }
    }

    /** Issues and stores an access token; returns the token value. */
    public String accessToken(Grant grant, Instant now) {
        String token = Tokens.newToken();
        tokens.saveAccessToken(new AccessTokenRecord(Tokens.hash(token), grant.grantId(), grant.clientId(),
                grant.subject(), grant.scope(), grant.resources(), now, now.plus(accessTtl), grant.attributes()));
        return token;
    }

    /** A refresh token record for a new token value; the caller stores or rotates it in. */
    public RefreshTokenRecord refreshRecord(String token, Grant grant, Instant now) {
        return new RefreshTokenRecord(Tokens.hash(token), grant.grantId(), grant.clientId(), grant.subject(),
                grant.scope(), grant.resources(), now, now.plus(refreshTtl), false, grant.attributes());
    }

    public long accessTtlSeconds() {
        return accessTtl.toSeconds();
    }

    /** The latest expiry any token of a grant created now can have: how long a grant revocation must last. */
    public Instant revocationHorizon(Instant now) {
        return now.plus(refreshTtl.compareTo(accessTtl) > 0 ? refreshTtl : accessTtl);
    }

    public TokenStore store() {
        return tokens;
    }
}

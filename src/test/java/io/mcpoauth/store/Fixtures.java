package io.mcpoauth.store;

import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.Scope;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Records for the contract suites. Every key is random, so the suites can run against a shared Redis or
 * PostgreSQL without cleanup. A store knows no time but the {@code now} it is given, so records may be saved
 * at any {@code now}, however far from the wall clock; expiry is exercised by passing a later {@code now}.
 */
public final class Fixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** A random key shaped like a base64url SHA-256 hash. */
    public static String key() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Now, to the millisecond (what every backend can store exactly). */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Attributes as an SSO gateway sends them: an address, groups with spaces, commas and non-ASCII text. */
    public static final SubjectAttributes ATTRIBUTES = new SubjectAttributes("alice@example.com",
            List.of("mcp-users", "Domain Admins", "cn=ops,ou=groups", "Ingénierie"), "");

    /** The issuer of an enterprise identity provider, as {@link #ENTERPRISE_ATTRIBUTES} carry it. */
    public static final String IDP_ISSUER = "https://idp.example.com/oauth2/default";

    /** Attributes of a user an enterprise identity provider vouched for (Enterprise-Managed Authorization). */
    public static final SubjectAttributes ENTERPRISE_ATTRIBUTES = ATTRIBUTES.withIdp(IDP_ISSUER);

    /** Each kind of attributes a grant carries: a gateway's, and an enterprise identity provider's. */
    public static java.util.stream.Stream<SubjectAttributes> attributeKinds() {
        return java.util.stream.Stream.of(ATTRIBUTES, ENTERPRISE_ATTRIBUTES);
    }

    /** The same grant, its subject described by these attributes. */
    public static Grant withAttributes(Grant grant, SubjectAttributes attributes) {
        return new Grant(grant.grantId(), grant.clientId(), grant.subject(), grant.scope(), grant.resources(),
                attributes);
    }

    public static AuthorizationCode code(String codeHash, Instant issuedAt, Duration lifetime) {
        return new AuthorizationCode(codeHash, new Grant("grant-" + key(), "client-" + key(), "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp")),
                "http://127.0.0.1:3000/callback", key(), issuedAt, issuedAt.plus(lifetime));
    }

    public static AccessTokenRecord accessToken(String tokenHash, String grantId, Instant issuedAt,
            Duration lifetime) {
        return new AccessTokenRecord(tokenHash, new Grant(grantId, "client-1", "alice", Scope.of("mcp:tools"),
                List.of("https://mcp.example.com/mcp")), issuedAt, issuedAt.plus(lifetime));
    }

    public static RefreshTokenRecord refreshToken(String tokenHash, String grantId, Instant issuedAt,
            Duration lifetime) {
        return new RefreshTokenRecord(tokenHash, new Grant(grantId, "client-1", "alice",
                Scope.parse("mcp:tools offline_access"),
                List.of("https://mcp.example.com/mcp", "https://other.example.com")), issuedAt,
                issuedAt.plus(lifetime), false);
    }

    /**
     * Rotates the token as its client, with a successor given in advance (of the same client); reuse revokes
     * nothing. @return true when this call rotated it, false on reuse or when it is not found
     */
    public static boolean rotated(RefreshTokenStore store, String presentedHash, RefreshTokenRecord successor,
            Instant now) {
        return store.rotateRefreshToken(presentedHash, successor.grant().clientId(), now, now,
                presented -> successor) instanceof RefreshRotation.Rotated;
    }

    /** A grant of the client to the subject, begun at {@code createdAt} and usable for {@code lifetime}. */
    public static GrantSummary grant(String grantId, String clientId, String subject, Instant createdAt,
            Duration lifetime) {
        return new GrantSummary(grantId, clientId, subject, Scope.parse("mcp:tools offline_access"),
                List.of("https://mcp.example.com/mcp"), createdAt, createdAt, createdAt.plus(lifetime));
    }

    public static PendingAuthorization pending(String idHash, Instant now, Duration lifetime) {
        return new PendingAuthorization(idHash, "client-" + key(), "http://localhost:8765/cb", Scope.of("mcp:tools"),
                List.of("https://mcp.example.com/mcp"), "state-" + key(), key(), now.plus(lifetime));
    }

    public static ClientRecord confidentialClient(String clientId, Instant createdAt) {
        return new ClientRecord(clientId, "Confidential " + clientId, "sha256:" + key(),
                ClientAuthMethod.CLIENT_SECRET_BASIC,
                List.of("https://app.example.com/cb", "http://127.0.0.1/cb"), Set.of("mcp:tools", "mcp:read"),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), createdAt);
    }

    /** An EC public key as a JWK set, the kind a private_key_jwt client registers. */
    public static final String JWKS = new JWKSet(TestKeys.ec("fixture-ec").toPublicJWK()).toString();

    /** A private_key_jwt client with these keys (no secret). */
    public static ClientRecord signingClient(String clientId, Instant createdAt, ClientKeys keys) {
        return new ClientRecord(clientId, "Signing " + clientId, "", ClientAuthMethod.PRIVATE_KEY_JWT,
                List.of("https://app.example.com/cb"), Set.of("mcp:read"),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS), createdAt, null, keys);
    }

    public static ClientRecord publicClient(String clientId, Instant createdAt) {
        return new ClientRecord(clientId, "Public " + clientId, "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1:33418/callback"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), createdAt);
    }
}

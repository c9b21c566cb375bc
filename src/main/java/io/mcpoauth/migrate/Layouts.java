package io.mcpoauth.migrate;

import static io.mcpoauth.migrate.Layout.listOf;
import static io.mcpoauth.migrate.Layout.member;
import static io.mcpoauth.migrate.Layout.setOf;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Instant;
import java.util.List;

/**
 * The members of each kind of line, in the order they are written: the export format, written out so that it
 * stays what it is however the store records are declared. A member added here is read as absent from older
 * exports, so it must have a default (see {@link RecordJson}).
 */
final class Layouts {

    static final Layout<ClientRecord> CLIENT = new Layout<>(List.of(
            member("clientId", String.class, ClientRecord::clientId),
            member("name", String.class, ClientRecord::name),
            member("secretHash", String.class, ClientRecord::secretHash),
            member("authMethod", ClientAuthMethod.class, ClientRecord::authMethod),
            member("redirectUris", listOf(String.class), ClientRecord::redirectUris),
            member("scopes", setOf(String.class), ClientRecord::scopes),
            member("grantTypes", setOf(GrantType.class), ClientRecord::grantTypes),
            member("createdAt", Instant.class, ClientRecord::createdAt),
            member("expiresAt", Instant.class, ClientRecord::expiresAt),
            member("keys", ClientKeys.class, ClientRecord::keys)),
            v -> new ClientRecord(v.get("clientId"), v.get("name"), v.get("secretHash"), v.get("authMethod"),
                    v.get("redirectUris"), v.get("scopes"), v.get("grantTypes"), v.get("createdAt"),
                    v.get("expiresAt"), v.get("keys")));

    static final Layout<ConsentRecord> CONSENT = new Layout<>(List.of(
            member("subject", String.class, ConsentRecord::subject),
            member("clientId", String.class, ConsentRecord::clientId),
            member("scopes", setOf(String.class), ConsentRecord::scopes),
            member("resources", listOf(String.class), ConsentRecord::resources),
            member("redirectUris", listOf(String.class), ConsentRecord::redirectUris),
            member("grantedAt", Instant.class, ConsentRecord::grantedAt),
            member("expiresAt", Instant.class, ConsentRecord::expiresAt)),
            v -> new ConsentRecord(v.get("subject"), v.get("clientId"), v.get("scopes"), v.get("resources"),
                    v.get("redirectUris"), v.get("grantedAt"), v.get("expiresAt")));

    static final Layout<RevokedGrant> REVOKED_GRANT = new Layout<>(List.of(
            member("grantId", String.class, RevokedGrant::grantId),
            member("keepUntil", Instant.class, RevokedGrant::keepUntil)),
            v -> new RevokedGrant(v.get("grantId"), v.get("keepUntil")));

    static final Layout<RefreshTokenRecord> REFRESH_TOKEN = new Layout<>(List.of(
            member("tokenHash", String.class, RefreshTokenRecord::tokenHash),
            member("grantId", String.class, RefreshTokenRecord::grantId),
            member("clientId", String.class, RefreshTokenRecord::clientId),
            member("subject", String.class, RefreshTokenRecord::subject),
            member("scope", Scope.class, RefreshTokenRecord::scope),
            member("resources", listOf(String.class), RefreshTokenRecord::resources),
            member("issuedAt", Instant.class, RefreshTokenRecord::issuedAt),
            member("expiresAt", Instant.class, RefreshTokenRecord::expiresAt),
            member("rotated", boolean.class, RefreshTokenRecord::rotated),
            member("attributes", SubjectAttributes.class, RefreshTokenRecord::attributes),
            member("grantStartedAt", Instant.class, RefreshTokenRecord::grantStartedAt)),
            v -> new RefreshTokenRecord(v.get("tokenHash"), v.get("grantId"), v.get("clientId"), v.get("subject"),
                    v.get("scope"), v.get("resources"), v.get("issuedAt"), v.get("expiresAt"), v.get("rotated"),
                    v.get("attributes"), v.get("grantStartedAt")));

    static final Layout<AccessTokenRecord> ACCESS_TOKEN = new Layout<>(List.of(
            member("tokenHash", String.class, AccessTokenRecord::tokenHash),
            member("grantId", String.class, AccessTokenRecord::grantId),
            member("clientId", String.class, AccessTokenRecord::clientId),
            member("subject", String.class, AccessTokenRecord::subject),
            member("scope", Scope.class, AccessTokenRecord::scope),
            member("resources", listOf(String.class), AccessTokenRecord::resources),
            member("issuedAt", Instant.class, AccessTokenRecord::issuedAt),
            member("expiresAt", Instant.class, AccessTokenRecord::expiresAt),
            member("attributes", SubjectAttributes.class, AccessTokenRecord::attributes)),
            v -> new AccessTokenRecord(v.get("tokenHash"), v.get("grantId"), v.get("clientId"), v.get("subject"),
                    v.get("scope"), v.get("resources"), v.get("issuedAt"), v.get("expiresAt"), v.get("attributes")));

    private Layouts() {
    }
}

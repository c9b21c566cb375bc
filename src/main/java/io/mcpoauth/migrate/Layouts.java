package io.mcpoauth.migrate;

import static io.mcpoauth.migrate.Layout.listOf;
import static io.mcpoauth.migrate.Layout.member;
import static io.mcpoauth.migrate.Layout.setOf;

import io.mcpoauth.migrate.Layout.Member;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The members of each kind of line, in the order they are written: the export format, written out so that it
 * stays what it is however the store records are declared: a token's {@link Grant}, for one, travels as members
 * of the token's line, where they have always been, not as an object of its own. A member added here is read as
 * absent from older exports, so it must have a default (see {@link RecordJson}).
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

    static final Layout<RefreshTokenRecord> REFRESH_TOKEN = new Layout<>(members(
            List.of(member("tokenHash", String.class, RefreshTokenRecord::tokenHash)),
            grant(RefreshTokenRecord::grant),
            List.of(member("issuedAt", Instant.class, RefreshTokenRecord::issuedAt),
                    member("expiresAt", Instant.class, RefreshTokenRecord::expiresAt),
                    member("rotated", boolean.class, RefreshTokenRecord::rotated),
                    attributes(RefreshTokenRecord::grant),
                    member("grantStartedAt", Instant.class, RefreshTokenRecord::grantStartedAt))),
            v -> new RefreshTokenRecord(v.get("tokenHash"), grant(v), v.get("issuedAt"), v.get("expiresAt"),
                    v.get("rotated"), v.get("grantStartedAt")));

    static final Layout<AccessTokenRecord> ACCESS_TOKEN = new Layout<>(members(
            List.of(member("tokenHash", String.class, AccessTokenRecord::tokenHash)),
            grant(AccessTokenRecord::grant),
            List.of(member("issuedAt", Instant.class, AccessTokenRecord::issuedAt),
                    member("expiresAt", Instant.class, AccessTokenRecord::expiresAt),
                    attributes(AccessTokenRecord::grant))),
            v -> new AccessTokenRecord(v.get("tokenHash"), grant(v), v.get("issuedAt"), v.get("expiresAt")));

    /** A grant's members but the subject's attributes, which come later in a line. */
    private static <T> List<Member<T>> grant(Function<T, Grant> grant) {
        return List.of(member("grantId", String.class, t -> grant.apply(t).grantId()),
                member("clientId", String.class, t -> grant.apply(t).clientId()),
                member("subject", String.class, t -> grant.apply(t).subject()),
                member("scope", Scope.class, t -> grant.apply(t).scope()),
                member("resources", listOf(String.class), t -> grant.apply(t).resources()));
    }

    private static <T> Member<T> attributes(Function<T, Grant> grant) {
        return member("attributes", SubjectAttributes.class, t -> grant.apply(t).attributes());
    }

    /** The grant whose members {@link #grant(Function)} and {@link #attributes} name. */
    private static Grant grant(Layout.Values v) {
        return new Grant(v.get("grantId"), v.get("clientId"), v.get("subject"), v.get("scope"), v.get("resources"),
                v.get("attributes"));
    }

    @SafeVarargs
    private static <T> List<Member<T>> members(List<Member<T>>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }

    private Layouts() {
    }
}

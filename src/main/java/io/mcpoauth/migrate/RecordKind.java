package io.mcpoauth.migrate;

import io.mcpoauth.lang.Require;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.Storage;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * One kind of record an export carries: its {@code type} name in the stream, its record class, its members in
 * the line ({@link Layouts}), when it is dead, and how a storage enumerates and imports it. {@link #ALL} is the
 * whole format, in export order.
 *
 * <p>Left out, by design: authorization codes and pending authorization requests. They live for minutes; a user
 * in the middle of an authorization when the backend is switched starts it again. Consumed codes (replay
 * markers) are left out with them, so a code used before the switch and replayed after it is refused as unknown
 * rather than as a replay.
 */
record RecordKind<T extends Record>(String name, Class<T> type, Layout<T> layout, BiPredicate<T, Instant> expired,
        Enumeration<T> enumeration, Importer<T> importer) {

    /** How a storage stores one imported record of the kind, at the import's {@code now}. */
    @FunctionalInterface
    interface Importer<T> {
        void store(Storage storage, T record, Instant now);
    }

    /** How a storage calls an action for each live record of the kind. */
    @FunctionalInterface
    interface Enumeration<T> {
        void forEach(Storage storage, Instant now, Consumer<? super T> action);
    }

    static final List<RecordKind<?>> ALL = List.of(
            new RecordKind<>("client", ClientRecord.class, Layouts.CLIENT, ClientRecord::isExpired,
                    (s, now, action) -> s.clients().forEach(now, action), (s, r, now) -> s.clients().save(r, now)),
            new RecordKind<>("consent", ConsentRecord.class, Layouts.CONSENT, ConsentRecord::isExpired,
                    (s, now, action) -> s.consents().forEach(now, action),
                    (s, r, now) -> s.consents().save(r, now)),
            new RecordKind<>("revoked_grant", RevokedGrant.class, Layouts.REVOKED_GRANT,
                    RevokedGrant::isExpired,
                    (s, now, action) -> s.tokenTransfer().forEachRevokedGrant(now, action),
                    (s, r, now) -> s.grants().revokeGrant(r.grantId(), r.keepUntil(), now)),
            new RecordKind<>("refresh_token", RefreshTokenRecord.class,
                    Layouts.REFRESH_TOKEN, RefreshTokenRecord::isExpired,
                    (s, now, action) -> s.tokenTransfer().forEachRefreshToken(now, action),
                    (s, r, now) -> {
                        s.tokenTransfer().importRefreshToken(r, now);
                        index(s, GrantSummary.of(r), now);
                    }),
            new RecordKind<>("access_token", AccessTokenRecord.class,
                    Layouts.ACCESS_TOKEN, AccessTokenRecord::isExpired,
                    (s, now, action) -> s.tokenTransfer().forEachAccessToken(now, action),
                    (s, r, now) -> {
                        s.tokenTransfer().importAccessToken(r, now);
                        index(s, GrantSummary.of(r), now);
                    }));

    /**
     * Records the grant of an imported token in the grant index, merged with what earlier tokens of the grant
     * recorded (see {@link GrantSummary#mergedWith}), so a migrated deployment can list and offboard it. The
     * merge is a read then a write: an import runs alone.
     */
    private static void index(Storage s, GrantSummary grant, Instant now) {
        s.grantIndex().record(s.grantIndex().find(grant.grantId(), now).map(g -> g.mergedWith(grant)).orElse(grant),
                now);
    }

    RecordKind {
        Require.nonNull("name, type, layout, expired, enumeration, importer",
                name, type, layout, expired, enumeration, importer);
        if (layout.members().stream().anyMatch(m -> m.name().equals(JsonLines.TYPE))) {
            throw new IllegalStateException(name + " has a member named like the line's type member");
        }
    }

    static Optional<RecordKind<?>> named(String name) {
        return ALL.stream().filter(k -> k.name.equals(name)).findFirst();
    }

    /** Casts a record read from a line of this kind. */
    T cast(Object record) {
        return type.cast(record);
    }

    /** Adds the members of a record of this kind to a line. */
    JsonObjectBuilder write(Record record, JsonObjectBuilder into) {
        return RecordJson.write(layout, cast(record), into);
    }

    /** The record of this kind a line holds, its members named in {@code ignored} left aside. */
    T read(JsonObject line, Set<String> ignored) {
        return RecordJson.read(layout, line, ignored);
    }
}

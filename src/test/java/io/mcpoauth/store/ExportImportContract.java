package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.migrate.ImportRules;
import io.mcpoauth.migrate.StorageExport;
import io.mcpoauth.migrate.StorageImport;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The export contract ({@code forEach} of clients and consents, the token enumerations, {@code import*}) and the
 * export/import round trip through the JSON-lines format, run against every backend; each storage a test opens
 * is empty, so that an enumeration sees only what the test saved.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.mcpoauth.store.backends.Backends#all")
public class ExportImportContract {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final Duration FORTY_DAYS = Duration.ofDays(40);

    @Parameter
    private Backend backend;

    private final List<Storage> opened = new ArrayList<>();
    private Storage source;
    private Instant now;
    private Saved saved;

    /** What {@link #fill} saved: live at {@code now}, and which of it is dead two hours later. */
    private record Saved(Set<ClientRecord> clients, Set<ConsentRecord> consents, Set<AccessTokenRecord> access,
            Set<RefreshTokenRecord> refresh, Set<RevokedGrant> revoked, Set<Object> deadInTwoHours,
            AccessTokenRecord revokedGrantToken, RefreshTokenRecord rotated, RefreshTokenRecord current) {
    }

    @BeforeEach
    void open() {
        source = storage();
        now = Fixtures.now();
        saved = fill(source, now);
    }

    @AfterEach
    void close() {
        opened.forEach(Storage::close);
    }

    private Storage storage() {
        Storage s = backend.newEmptyStorage();
        opened.add(s);
        return s;
    }

    /**
     * Clients (kept for good, registered with an expiry, about to expire), consents, a grant whose refresh token
     * was rotated once, a revoked grant with tokens of its own, and a short-lived access token.
     */
    private static Saved fill(Storage s, Instant now) {
        ClientRecord kept = Fixtures.confidentialClient("kept-" + Fixtures.key(), now);
        ClientRecord registered = withExpiry(Fixtures.publicClient("registered-" + Fixtures.key(), now),
                now.plus(THIRTY_DAYS));
        ClientRecord unused = withExpiry(Fixtures.publicClient("unused-" + Fixtures.key(), now), now.plus(ONE_MINUTE));
        // The keys of private_key_jwt clients travel too, and pass the import's checks.
        ClientRecord signing = Fixtures.signingClient("signing-" + Fixtures.key(), now,
                ClientKeys.inline(Fixtures.JWKS, Set.of("ES256")));
        ClientRecord fetching = Fixtures.signingClient("fetching-" + Fixtures.key(), now,
                ClientKeys.fetched("https://app.example.com/jwks.json", Set.of()));
        List.of(kept, registered, unused, signing, fetching).forEach(c -> s.clients().save(c, now));

        ConsentRecord lasting = new ConsentRecord("alice", kept.clientId(), Set.of("mcp:read", "mcp:tools"),
                List.of("https://mcp.example.com/mcp"), List.of("https://client.example.com/cb"), now,
                now.plus(THIRTY_DAYS));
        ConsentRecord brief = new ConsentRecord("bob", registered.clientId(), Set.of("mcp:read"), List.of(), List.of(),
                now, now.plus(ONE_HOUR));
        List.of(lasting, brief).forEach(c -> s.consents().save(c, now));

        String grant = Fixtures.key();
        // The user's grant carries what the identity provider said of the user, and which provider it was; the
        // round trip must keep it.
        AccessTokenRecord a = Fixtures.accessToken(Fixtures.key(), grant, now, ONE_HOUR);
        AccessTokenRecord access = new AccessTokenRecord(a.tokenHash(), Fixtures.withAttributes(a.grant(),
                Fixtures.ENTERPRISE_ATTRIBUTES), a.issuedAt(), a.expiresAt());
        AccessTokenRecord shortLived = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, ONE_MINUTE);
        // A grant begun before its tokens were issued: the round trip must keep its start (the cap counts from it).
        Instant grantStart = now.minus(FORTY_DAYS);
        RefreshTokenRecord first = withAttributes(Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS))
                .withGrantStartedAt(grantStart);
        RefreshTokenRecord second = withAttributes(Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS))
                .withGrantStartedAt(grantStart);
        s.accessTokens().saveAccessToken(access, now);
        s.accessTokens().saveAccessToken(shortLived, now);
        s.refreshTokens().saveRefreshToken(first, now);
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(s, first.tokenHash(), second, now));

        String revokedGrant = Fixtures.key();
        AccessTokenRecord revokedAccess = Fixtures.accessToken(Fixtures.key(), revokedGrant, now, ONE_HOUR);
        s.accessTokens().saveAccessToken(revokedAccess, now);
        s.refreshTokens().saveRefreshToken(Fixtures.refreshToken(Fixtures.key(), revokedGrant, now, THIRTY_DAYS), now);
        RevokedGrant marker = new RevokedGrant(revokedGrant, now.plus(THIRTY_DAYS));
        s.grants().revokeGrant(marker.grantId(), marker.keepUntil(), now);

        return new Saved(Set.of(kept, registered, unused, signing, fetching), Set.of(lasting, brief),
                Set.of(access, shortLived),
                Set.of(first.asRotated(), second), Set.of(marker), Set.of(unused, brief, access, shortLived),
                revokedAccess, first.asRotated(), second);
    }

    /** A rotation by the token's client with a successor given in advance; reuse revokes nothing here. */
    private static RefreshRotation rotate(Storage s, String presentedHash, RefreshTokenRecord successor, Instant now) {
        return s.refreshTokens().rotateRefreshToken(presentedHash, "client-1", now, now, presented -> successor);
    }

    private static ClientRecord withExpiry(ClientRecord c, Instant expiresAt) {
        return new ClientRecord(c.clientId(), c.name(), c.secretHash(), c.authMethod(), c.redirectUris(), c.scopes(),
                c.grantTypes(), c.createdAt(), expiresAt);
    }

    private static <T> Set<T> collect(BiConsumer<Instant, java.util.function.Consumer<T>> forEach, Instant at) {
        Set<T> seen = new HashSet<>();
        forEach.accept(at, seen::add);
        return seen;
    }

    private static Set<ClientRecord> clients(Storage s, Instant at) {
        return collect(s.clients()::forEach, at);
    }

    private static Set<ConsentRecord> consents(Storage s, Instant at) {
        return collect(s.consents()::forEach, at);
    }

    private static Set<AccessTokenRecord> access(Storage s, Instant at) {
        return collect(s.tokenTransfer()::forEachAccessToken, at);
    }

    private static Set<RefreshTokenRecord> refresh(Storage s, Instant at) {
        return collect(s.tokenTransfer()::forEachRefreshToken, at);
    }

    private static Set<RevokedGrant> revoked(Storage s, Instant at) {
        return collect(s.tokenTransfer()::forEachRevokedGrant, at);
    }

    private static String export(Storage s, Instant at) throws IOException {
        StringWriter out = new StringWriter();
        StorageExport.write(s, at, out);
        return out.toString();
    }

    /** Wider than anything the contract saves. */
    public static final ImportRules RULES = new ImportRules(Duration.ofDays(1), Duration.ofDays(90),
            Duration.ofDays(90), Duration.ofDays(30));

    private static StorageImport.Result load(Storage s, String export, Instant at) throws IOException {
        return StorageImport.read(s, new StringReader(export), at, RULES);
    }

    /** The record lines of an export, as a set: the header's time and the order of a scan do not count. */
    private static Set<String> records(String export) {
        List<String> lines = export.lines().toList();
        return new HashSet<>(lines.subList(1, lines.size()));
    }

    private static <T> Set<T> without(Set<T> all, Set<Object> dead) {
        return all.stream().filter(r -> !dead.contains(r)).collect(Collectors.toSet());
    }

    @Test
    void forEachWhenSavedThenEveryLiveRecordAndNoTokenOfARevokedGrant() {
        assertEquals(saved.clients(), clients(source, now));
        assertEquals(saved.consents(), consents(source, now));
        assertEquals(saved.access(), access(source, now));
        assertEquals(saved.refresh(), refresh(source, now));
        assertEquals(saved.revoked(), revoked(source, now));
    }

    @Test
    void forEachWhenLaterThenExpiredRecordsLeftOut() {
        Instant later = now.plus(Duration.ofHours(2));
        assertEquals(without(saved.clients(), saved.deadInTwoHours()), clients(source, later));
        assertEquals(without(saved.consents(), saved.deadInTwoHours()), consents(source, later));
        assertEquals(Set.of(), access(source, later));
        assertEquals(saved.refresh(), refresh(source, later));
        assertEquals(Set.of(), revoked(source, now.plus(THIRTY_DAYS)));
    }

    @Test
    void forEachWhenMoreRecordsThanAPageThenEachSeen() {
        Storage s = storage();
        Set<AccessTokenRecord> many = IntStream.range(0, 1_100)
                .mapToObj(i -> Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, ONE_HOUR))
                .collect(Collectors.toSet());
        many.forEach(t -> s.accessTokens().saveAccessToken(t, now));
        List<AccessTokenRecord> seen = new ArrayList<>();
        s.tokenTransfer().forEachAccessToken(now, seen::add);
        assertEquals(many, new HashSet<>(seen));
    }

    @Test
    void importWhenExportedThenTargetHoldsTheSameLiveRecords() throws IOException {
        String export = export(source, now);
        Storage target = storage();
        StorageImport.Result result = load(target, export, now);

        assertEquals(Map.of("client", 5L, "consent", 2L, "revoked_grant", 1L, "refresh_token", 2L,
                "access_token", 2L), result.imported());
        assertEquals(records(export), records(export(target, now)));
        for (ClientRecord c : saved.clients()) {
            assertEquals(Optional.of(c), target.clients().find(c.clientId(), now));
        }
        for (ConsentRecord c : saved.consents()) {
            assertEquals(Optional.of(c), target.consents().find(c.subject(), c.clientId(), now));
        }
        for (AccessTokenRecord a : saved.access()) {
            assertEquals(Optional.of(a), target.accessTokens().findAccessToken(a.tokenHash(), now));
        }
        for (RefreshTokenRecord r : saved.refresh()) {
            assertEquals(Optional.of(r), target.refreshTokens().findRefreshToken(r.tokenHash(), now));
        }
        assertTrue(target.grants().isGrantRevoked(saved.revokedGrantToken().grant().grantId(), now));
        assertEquals(Optional.empty(), target.accessTokens().findAccessToken(saved.revokedGrantToken().tokenHash(),
                now));
    }

    /**
     * Imported tokens reach the grant index, so a migrated deployment can list and offboard their grants: a grant
     * begun at its start, last used at its latest token's issue, until its latest token's expiry, with the scope
     * its refresh token keeps; a machine token's grant ends with it; a revoked grant's tokens are not exported.
     */
    @Test
    void importWhenExportedThenTheTokensGrantsAreIndexed() throws IOException {
        String export = export(source, now);
        Storage target = storage();
        load(target, export, now);
        RefreshTokenRecord current = saved.current();
        String grantId = current.grant().grantId();
        AccessTokenRecord shortLived = saved.access().stream().filter(a -> !a.grant().grantId().equals(grantId))
                .findFirst().orElseThrow();
        GrantSummary user = GrantSummary.of(current.grant(), now.minus(FORTY_DAYS), now, now.plus(THIRTY_DAYS));
        assertEquals(Optional.of(user), target.grantIndex().find(grantId, now));
        assertEquals(Optional.of(GrantSummary.of(shortLived)),
                target.grantIndex().find(shortLived.grant().grantId(), now));
        assertEquals(Optional.empty(), target.grantIndex().find(saved.revokedGrantToken().grant().grantId(), now));
        assertEquals(Set.of(user, GrantSummary.of(shortLived)),
                Set.copyOf(target.grantIndex().bySubject("alice", null, 10, now).items()));
        load(target, export, now);
        assertEquals(2, target.grantIndex().count(now), "importing again changes nothing");
        assertEquals(Optional.of(user), target.grantIndex().find(grantId, now));
    }

    @Test
    void importWhenExportedThenExportHoldsHashesAndNoTokenValue() throws IOException {
        String export = export(source, now);
        assertTrue(export.contains("\"tokenHash\":\"" + saved.current().tokenHash() + "\""), export);
        assertFalse(export.contains("\"token\":"), export);
    }

    @Test
    void importWhenExportedThenGrantStartTravelsWithTheRefreshTokens() throws IOException {
        String export = export(source, now);
        assertTrue(export.contains("\"grantStartedAt\":\"" + now.minus(FORTY_DAYS) + "\""), export);
        Storage target = storage();
        load(target, export, now);
        assertEquals(now.minus(FORTY_DAYS),
                target.refreshTokens().findRefreshToken(saved.current().tokenHash(),
                        now).orElseThrow().grantStartedAt());
    }

    /** An export written before grants had a start: its refresh tokens import with the grant begun at their issue. */
    @Test
    void importWhenLineHasNoGrantStartThenGrantBeganAtItsIssue() throws IOException {
        String old = export(source, now).replaceAll(",?\"grantStartedAt\":\"[^\"]*\"", "");
        assertFalse(old.contains("grantStartedAt"), old);
        Storage target = storage();
        assertEquals(2L, load(target, old, now).imported().get("refresh_token"));
        RefreshTokenRecord imported = target.refreshTokens().findRefreshToken(saved.current().tokenHash(),
                now).orElseThrow();
        assertEquals(saved.current().issuedAt(), imported.grantStartedAt());
        assertEquals(saved.current().withGrantStartedAt(saved.current().issuedAt()), imported);
    }

    @Test
    void importWhenExportedThenIdentityProviderTravelsWithTheTokens() throws IOException {
        String export = export(source, now);
        assertTrue(export.contains("\"idp\":\"" + Fixtures.IDP_ISSUER + "\""), export);
        Storage target = storage();
        load(target, export, now);
        assertEquals(Fixtures.ENTERPRISE_ATTRIBUTES, target.refreshTokens().findRefreshToken(
                saved.current().tokenHash(), now).orElseThrow().grant().attributes());
    }

    /** An export written before the identity provider was kept: its tokens import with the other attributes. */
    @Test
    void importWhenLineHasNoIdentityProviderThenTokensImportWithoutOne() throws IOException {
        String old = export(source, now).replaceAll(",?\"idp\":\"[^\"]*\"", "");
        assertFalse(old.contains("\"idp\""), old);
        Storage target = storage();
        StorageImport.Result result = load(target, old, now);
        assertEquals(2L, result.imported().get("refresh_token"));
        assertEquals(2L, result.imported().get("access_token"));
        assertEquals(Fixtures.ATTRIBUTES, target.refreshTokens().findRefreshToken(saved.current().tokenHash(),
                now).orElseThrow().grant().attributes());
        for (AccessTokenRecord a : saved.access()) {
            SubjectAttributes expected = a.grant().attributes().isEmpty() ? SubjectAttributes.NONE
                    : Fixtures.ATTRIBUTES;
            assertEquals(expected, target.accessTokens().findAccessToken(a.tokenHash(), now).orElseThrow()
                    .grant().attributes());
        }
    }

    @Test
    void importWhenRefreshTokenRotatedBeforeExportThenReuseStillRefusedInTarget() throws IOException {
        Storage target = storage();
        load(target, export(source, now), now);
        RefreshTokenRecord successor = Fixtures.refreshToken(Fixtures.key(), saved.rotated().grant().grantId(), now,
                THIRTY_DAYS);
        assertInstanceOf(RefreshRotation.Reused.class, rotate(target, saved.rotated().tokenHash(), successor, now));
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(target, saved.current().tokenHash(), successor, now));
    }

    @Test
    void importWhenSameStreamTwiceThenSameRecordsAndCounts() throws IOException {
        String export = export(source, now);
        Storage target = storage();
        StorageImport.Result first = load(target, export, now);
        String afterFirst = export(target, now);
        StorageImport.Result second = load(target, export, now);
        assertEquals(first, second);
        assertEquals(records(afterFirst), records(export(target, now)));
    }

    @Test
    void importWhenTokenRotatedInTargetSinceThenImportingAgainKeepsItRotated() throws IOException {
        String export = export(source, now);
        Storage target = storage();
        load(target, export, now);
        RefreshTokenRecord next = Fixtures.refreshToken(Fixtures.key(), saved.current().grant().grantId(), now,
                THIRTY_DAYS);
        assertInstanceOf(RefreshRotation.Rotated.class, rotate(target, saved.current().tokenHash(), next, now));

        load(target, export, now);
        assertTrue(target.refreshTokens().findRefreshToken(saved.current().tokenHash(), now).orElseThrow().rotated());
        RefreshTokenRecord again = Fixtures.refreshToken(Fixtures.key(), saved.current().grant().grantId(), now,
                THIRTY_DAYS);
        assertInstanceOf(RefreshRotation.Reused.class, rotate(target, saved.current().tokenHash(), again, now));
    }

    @Test
    void importWhenRecordsDeadAtImportTimeThenSkippedAndCounted() throws IOException {
        String export = export(source, now);
        Storage target = storage();
        StorageImport.Result result = load(target, export, now.plus(Duration.ofHours(2)));
        assertEquals(Map.of("client", 4L, "consent", 1L, "revoked_grant", 1L, "refresh_token", 2L),
                result.imported());
        assertEquals(Map.of("client", 1L, "consent", 1L, "access_token", 2L), result.expired());
        ClientRecord unused = saved.clients().stream().filter(c -> c.clientId().startsWith("unused-")).findFirst()
                .orElseThrow();
        assertEquals(Optional.empty(), target.clients().find(unused.clientId(), now));
    }

    private static RefreshTokenRecord withAttributes(RefreshTokenRecord r) {
        return new RefreshTokenRecord(r.tokenHash(), Fixtures.withAttributes(r.grant(),
                Fixtures.ENTERPRISE_ATTRIBUTES), r.issuedAt(), r.expiresAt(), r.rotated());
    }

    /**
     * Ten years before or after the wall clock, what is live at the given {@code now} is exported, imported and
     * kept by the target exactly as at the wall clock: no backend judges a record by a clock of its own.
     */
    @ParameterizedTest
    @ValueSource(longs = {-3653, 3653})
    void importWhenNowFarFromWallClockThenTargetHoldsTheSameLiveRecords(long days) throws IOException {
        Instant far = now.plus(Duration.ofDays(days));
        Storage farSource = storage();
        Saved farSaved = fill(farSource, far);
        Storage target = storage();
        load(target, export(farSource, far), far);
        assertEquals(farSaved.clients(), clients(target, far));
        assertEquals(farSaved.consents(), consents(target, far));
        assertEquals(farSaved.access(), access(target, far));
        assertEquals(farSaved.refresh(), refresh(target, far));
        assertEquals(farSaved.revoked(), revoked(target, far));
        Instant later = far.plus(Duration.ofHours(2));
        assertEquals(without(farSaved.clients(), farSaved.deadInTwoHours()), clients(target, later));
        assertEquals(Set.of(), access(target, later));
    }
}

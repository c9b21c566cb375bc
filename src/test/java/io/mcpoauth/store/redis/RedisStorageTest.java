package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.Race;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.StorageHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** What only the Redis backend promises: TTLs, scripts by SHA-1, no KEYS, sharing between instances, health. */
class RedisStorageTest {

    private static final String PREFIX = RedisTests.newPrefix();
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private RedisStorage storage;
    private RedisClient redis;
    private final Keys keys = new Keys(PREFIX);

    @BeforeEach
    void open() {
        storage = RedisTests.storage(PREFIX);
        redis = RedisTests.client();
    }

    @AfterEach
    void close() {
        storage.close();
        redis.close();
    }

    @AfterAll
    static void removeKeys() {
        RedisTests.deleteAll(PREFIX);
    }

    @Test
    void nameIsRedis() {
        assertEquals("redis", storage.name());
    }

    @Test
    void saveWhenAnyRecordThenKeyHasTtlAtItsExpiry() {
        Instant now = Fixtures.now();
        String grant = Fixtures.key();
        AuthorizationCode code = Fixtures.code(Fixtures.key(), now, TEN_MINUTES);
        storage.codes().save(code, now);
        var access = Fixtures.accessToken(Fixtures.key(), grant, now, Duration.ofHours(1));
        storage.accessTokens().saveAccessToken(access, now);
        RefreshTokenRecord refresh = Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS);
        storage.refreshTokens().saveRefreshToken(refresh, now);
        storage.grants().revokeGrant(Fixtures.key(), now.plus(THIRTY_DAYS), now);
        var pending = Fixtures.pending(Fixtures.key(), now, TEN_MINUTES);
        storage.pendingAuthorizations().save(pending, now);
        storage.consents().save(new ConsentRecord("alice", "c1", Set.of("mcp:read"), List.of(), List.of(), now,
                now.plus(THIRTY_DAYS)), now);
        assertTtl(keys.code(code.codeHash()), TEN_MINUTES);
        assertTtl(keys.accessToken(access.tokenHash()), Duration.ofHours(1));
        assertTtl(keys.refreshIndex(refresh.tokenHash()), THIRTY_DAYS);
        assertTtl(keys.refreshToken(grant, refresh.tokenHash()), THIRTY_DAYS);
        assertTtl(keys.pending(pending.idHash()), TEN_MINUTES);
        assertTtl(keys.consent("alice", "c1"), THIRTY_DAYS);
    }

    @Test
    void everyKeyHasTtlExceptClientsKeptForGoodAndTheirIndex() {
        Instant now = Fixtures.now();
        storage.codes().save(Fixtures.code(Fixtures.key(), now, TEN_MINUTES), now);
        storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), now,
                THIRTY_DAYS), now);
        storage.clients().save(Fixtures.publicClient("kept-" + Fixtures.key(), now), now);
        storage.checkHealth();
        storage.rateLimiter().hit("c:x", 10, Duration.ofMinutes(1), now);
        storage.grantIndex().record(Fixtures.grant(Fixtures.key(), "client-1", "alice", now, THIRTY_DAYS), now);
        storage.subjectBlocks().block("mallory", now.plus(THIRTY_DAYS), now);
        Pattern permanent = Pattern.compile(Pattern.quote(PREFIX) + "\\{clients}:(index|ids|c:kept-.*)");
        for (String key : scan()) {
            long ttl = redis.pttl(key);
            Matcher m = permanent.matcher(key);
            assertTrue(m.matches() || ttl > 0, key + " has no TTL (" + ttl + ")");
        }
    }

    @Test
    void consumeWhenConsumedThenMarkerKeepsTheCodesTtl() {
        Instant now = Fixtures.now();
        AuthorizationCode code = Fixtures.code(Fixtures.key(), now, TEN_MINUTES);
        storage.codes().save(code, now);
        long before = redis.pttl(keys.code(code.codeHash()));
        assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume(code.codeHash(), now));
        long after = redis.pttl(keys.code(code.codeHash()));
        assertTrue(after > 0 && after <= before && before - after < 5_000, before + " then " + after);
        assertTrue(redis.get(keys.code(code.codeHash())).startsWith("1"), "marked consumed");
    }

    @Test
    void storedValuesHoldHashesNeverTokenValues() {
        Instant now = Fixtures.now();
        String hash = Fixtures.key();
        storage.accessTokens().saveAccessToken(Fixtures.accessToken(hash, "g", now, Duration.ofHours(1)), now);
        assertTrue(redis.get(keys.accessToken(hash)).contains("\"tokenHash\":\"" + hash + "\""));
    }

    @Test
    void consumeWhenScriptCacheFlushedThenScriptReloadedAndSingleUseKept() {
        Instant now = Fixtures.now();
        AuthorizationCode code = Fixtures.code(Fixtures.key(), now, TEN_MINUTES);
        storage.codes().save(code, now);
        redis.scriptFlush();
        assertFalse(redis.scriptExists(Script.CONSUME_CODE.sha1(), "any"));
        assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume(code.codeHash(), now));
        assertTrue(redis.scriptExists(Script.CONSUME_CODE.sha1(), "any"));
        assertInstanceOf(CodeConsumption.Replayed.class, storage.codes().consume(code.codeHash(), now));
    }

    @Test
    void scriptShaIsTheSha1RedisComputes() {
        for (Script s : List.of(Script.CONSUME_CODE, Script.ROTATE_REFRESH, Script.REVOKE_GRANT, Script.SAVE_CLIENT,
                Script.DELETE_CLIENT, Script.COUNT_CLIENTS, Script.RATE_HIT, Script.RATE_PEEK, Script.SAVE_GRANT,
                Script.INDEX_GRANT, Script.PAGE_GRANTS, Script.REMOVE_GRANT, Script.PAGE_CLIENTS)) {
            assertEquals(s.sha1(), redis.scriptLoad(s.source()), s.name());
        }
    }

    @Test
    void workloadNeverSendsKeysNorExists() {
        long keysBefore = calls("keys");
        long existsBefore = calls("exists");
        Instant now = Fixtures.now();
        for (int i = 0; i < 20; i++) {
            AuthorizationCode code = Fixtures.code(Fixtures.key(), now, TEN_MINUTES);
            storage.codes().save(code, now);
            storage.codes().consume(code.codeHash(), now);
            storage.codes().consume(code.codeHash(), now);
            RefreshTokenRecord refresh = Fixtures.refreshToken(Fixtures.key(), code.grant().grantId(), now,
                    THIRTY_DAYS);
            storage.refreshTokens().saveRefreshToken(refresh, now);
            Fixtures.rotated(storage.refreshTokens(), refresh.tokenHash(),
                    Fixtures.refreshToken(Fixtures.key(), code.grant().grantId(), now, THIRTY_DAYS), now);
            storage.refreshTokens().findRefreshToken(refresh.tokenHash(), now);
            storage.grants().revokeGrant(code.grant().grantId(), now.plus(THIRTY_DAYS), now);
            storage.clients().save(Fixtures.publicClient("c-" + i, now), now);
            storage.clients().count(now);
            storage.clients().delete("c-" + i, now);
            storage.checkHealth();
        }
        assertEquals(keysBefore, calls("keys"), "KEYS was sent");
        assertEquals(existsBefore, calls("exists"), "EXISTS was sent");
    }

    /** A grant's hash lives until its expiry; its owners' sets as long as their latest grant. */
    @Test
    void recordGrantWhenTwoOfOneSubjectThenSetsLiveAsLongAsTheLatest() {
        Instant now = Fixtures.now();
        String subject = "alice-" + Fixtures.key();
        var shortOne = Fixtures.grant(Fixtures.key(), "client-1", subject, now, TEN_MINUTES);
        var longOne = Fixtures.grant(Fixtures.key(), "client-1", subject, now, THIRTY_DAYS);
        storage.grantIndex().record(longOne, now);
        storage.grantIndex().record(shortOne, now);
        assertTtl(keys.grantSummary(shortOne.grantId()), TEN_MINUTES);
        assertTtl(keys.grantSummary(longOne.grantId()), THIRTY_DAYS);
        keys.grantsOfSubject(subject).forEach(k -> assertTtl(k, THIRTY_DAYS));
        keys.grantsOfClient("client-1").forEach(k -> assertTtl(k, THIRTY_DAYS));
        assertTtl(keys.grants(), THIRTY_DAYS);
    }

    /** A recording drops the owner's grants expired at its now, so a busy owner's sets do not grow for ever. */
    @Test
    void recordGrantWhenEarlierGrantsExpiredThenTrimmedFromTheOwnersSets() {
        Instant now = Fixtures.now();
        String client = "client-" + Fixtures.key();
        for (int i = 0; i < 5; i++) {
            storage.grantIndex().record(Fixtures.grant(Fixtures.key(), client, client, now, Duration.ofSeconds(1)),
                    now);
        }
        Instant later = now.plusSeconds(1);
        var live = Fixtures.grant(Fixtures.key(), client, client, later, TEN_MINUTES);
        storage.grantIndex().record(live, later);
        for (String key : keys.grantsOfClient(client)) {
            assertEquals(List.of(live.grantId()), redis.zrange(key, 0, -1), key);
        }
        assertEquals(1, storage.grantIndex().count(later) - storage.grantIndex().count(later.plus(TEN_MINUTES)));
    }

    /** A machine grant's token and its grant are sent together; the scripts reload after a flush. */
    @Test
    void recordWithAccessTokenWhenScriptCacheFlushedThenBothStored() {
        Instant now = Fixtures.now();
        redis.scriptFlush();
        AccessTokenRecord token = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, TEN_MINUTES);
        storage.grantIndex().recordWithAccessToken(token, io.mcpoauth.store.GrantSummary.of(token),
                storage.accessTokens(), now);
        assertEquals(token, storage.accessTokens().findAccessToken(token.tokenHash(), now).orElseThrow());
        assertEquals(io.mcpoauth.store.GrantSummary.of(token),
                storage.grantIndex().find(token.grant().grantId(), now).orElseThrow());
        assertTtl(keys.accessToken(token.tokenHash()), TEN_MINUTES);
    }

    /** Clients saved before the id index existed are listed: the listing copies them into it once. */
    @Test
    void listClientsWhenIdIndexMissingThenFilledFromTheExpiryIndex() {
        String prefix = RedisTests.newPrefix();
        try (RedisStorage fresh = RedisTests.storage(prefix)) {
            Instant now = Fixtures.now();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ClientRecord c = Fixtures.publicClient("c-" + Fixtures.key(), now);
                fresh.clients().save(c, now);
                ids.add(c.clientId());
            }
            ids.sort(null);
            Keys freshKeys = new Keys(prefix);
            redis.del(freshKeys.clientIds());
            assertEquals(ids, fresh.clients().list(io.mcpoauth.store.ClientQuery.ALL, null, 10, now).items().stream()
                    .map(ClientRecord::clientId).toList());
            assertEquals(5, redis.zcard(freshKeys.clientIds()));
        } finally {
            RedisTests.deleteAll(prefix);
        }
    }

    /** An introspection's lookup is one script call reading the token and its grant's revocation together. */
    @Test
    void findAccessTokenWhenStandaloneThenOneScriptCallSeesTheRevocation() {
        Instant now = Fixtures.now();
        String grant = Fixtures.key();
        AccessTokenRecord token = Fixtures.accessToken(Fixtures.key(), grant, now, TEN_MINUTES.multipliedBy(2));
        storage.accessTokens().saveAccessToken(token, now);

        long calls = calls("evalsha");
        assertEquals(token, storage.accessTokens().findAccessToken(token.tokenHash(), now).orElseThrow());
        assertEquals(calls + 1, calls("evalsha"));

        storage.grants().revokeGrant(grant, now.plus(TEN_MINUTES), now);
        calls = calls("evalsha");
        assertTrue(storage.accessTokens().findAccessToken(token.tokenHash(), now).isEmpty());
        assertEquals(calls + 1, calls("evalsha"));
        // The revocation's keepUntil is what counts, as with two reads: after it the token shows again.
        assertEquals(token, storage.accessTokens().findAccessToken(token.tokenHash(),
                now.plus(TEN_MINUTES).plusMillis(1)).orElseThrow());
        assertTrue(storage.accessTokens().findAccessToken(Fixtures.key(), now).isEmpty());
    }

    /** A refresh's lookup is one script call, and its rotation writes the successor's index in its own call. */
    @Test
    void refreshWhenStandaloneThenFindIsOneScriptCallAndRotateTwo() {
        Instant now = Fixtures.now();
        String grant = Fixtures.key();
        RefreshTokenRecord first = Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS);
        storage.refreshTokens().saveRefreshToken(first, now);

        long evalsha = calls("evalsha");
        long set = calls("set");
        assertEquals(first.tokenHash(), storage.refreshTokens().findRefreshToken(first.tokenHash(), now).orElseThrow()
                .tokenHash());
        assertEquals(evalsha + 1, calls("evalsha"));
        RefreshTokenRecord next = Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS);
        // A rotation reads the presented token (the successor is built from it), then decides in one script: the
        // refresh grant makes no read of its own, so a refresh still costs two round trips.
        assertTrue(Fixtures.rotated(storage.refreshTokens(), first.tokenHash(), next, now));
        assertEquals(evalsha + 3, calls("evalsha"));
        // The record and its index, both written inside the script (no SET of the index before it).
        assertEquals(set + 2, calls("set"));
        assertTrue(storage.refreshTokens().findRefreshToken(first.tokenHash(), now).orElseThrow().rotated());
        assertEquals(next.tokenHash(), storage.refreshTokens().findRefreshToken(next.tokenHash(), now).orElseThrow()
                .tokenHash());
        assertFalse(Fixtures.rotated(storage.refreshTokens(), first.tokenHash(),
                Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS), now));

        storage.grants().revokeGrant(grant, now.plus(TEN_MINUTES), now);
        assertTrue(storage.refreshTokens().findRefreshToken(next.tokenHash(), now).isEmpty());
        assertTrue(storage.refreshTokens().findRefreshToken(Fixtures.key(), now).isEmpty());
    }

    @Test
    void consumeWhenTwoInstancesRaceThenExactlyOneConsumed() throws Exception {
        try (RedisStorage other = RedisTests.storage(PREFIX); Race race = new Race(16)) {
            for (int round = 0; round < 50; round++) {
                Instant now = Fixtures.now();
                AuthorizationCode code = Fixtures.code(Fixtures.key(), now, TEN_MINUTES);
                storage.codes().save(code, now);
                List<CodeConsumption> outcomes = race.run(i ->
                        (i % 2 == 0 ? storage : other).codes().consume(code.codeHash(), now));
                assertEquals(1, outcomes.stream().filter(CodeConsumption.Consumed.class::isInstance).count());
                assertEquals(15, outcomes.stream().filter(CodeConsumption.Replayed.class::isInstance).count());
            }
        }
    }

    @Test
    void rotateWhenTwoInstancesRaceThenExactlyOneWins() throws Exception {
        try (RedisStorage other = RedisTests.storage(PREFIX); Race race = new Race(16)) {
            for (int round = 0; round < 50; round++) {
                Instant now = Fixtures.now();
                String grant = Fixtures.key();
                RefreshTokenRecord token = Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS);
                storage.refreshTokens().saveRefreshToken(token, now);
                List<Boolean> won = race.run(i -> Fixtures.rotated((i % 2 == 0 ? storage : other).refreshTokens(), 
                        token.tokenHash(), Fixtures.refreshToken(Fixtures.key(), grant, now, THIRTY_DAYS), now));
                assertEquals(1, won.stream().filter(w -> w).count());
            }
        }
    }

    @Test
    void revokeGrantAtOneInstanceThenTokensHiddenAtTheOther() {
        try (RedisStorage other = RedisTests.storage(PREFIX)) {
            Instant now = Fixtures.now();
            String grant = Fixtures.key();
            var access = Fixtures.accessToken(Fixtures.key(), grant, now, Duration.ofHours(1));
            storage.accessTokens().saveAccessToken(access, now);
            assertTrue(other.accessTokens().findAccessToken(access.tokenHash(), now).isPresent());
            storage.grants().revokeGrant(grant, now.plus(THIRTY_DAYS), now);
            assertTrue(other.accessTokens().findAccessToken(access.tokenHash(), now).isEmpty());
        }
    }

    @Test
    void clientsWhenOtherPrefixThenNotSeen() {
        Instant now = Fixtures.now();
        String otherPrefix = RedisTests.newPrefix();
        try (RedisStorage other = RedisTests.storage(otherPrefix)) {
            ClientRecord client = Fixtures.publicClient("c-" + Fixtures.key(), now);
            storage.clients().save(client, now);
            assertTrue(other.clients().find(client.clientId(), now).isEmpty());
            assertEquals(0, other.clients().count(now));
        } finally {
            RedisTests.deleteAll(otherPrefix);
        }
    }

    @Test
    void countWhenClientExpiredThenNotCounted() {
        Instant now = Instant.now();
        long before = storage.clients().count(now);
        storage.clients().save(new ClientRecord("short-" + Fixtures.key(), "Short", "", ClientAuthMethod.NONE,
                List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                now.plusMillis(200)), now);
        assertEquals(before + 1, storage.clients().count(now));
        sleep(400);
        assertEquals(before, storage.clients().count(now.plusMillis(400)));
    }

    @Test
    void checkHealthWhenRedisUpThenUpWithLatencyAndTopology() {
        StorageHealth health = storage.checkHealth();
        assertTrue(health.up(), health.data().toString());
        Map<String, Object> data = health.data();
        assertEquals("standalone", data.get("topology"));
        assertEquals(PREFIX, data.get("keyPrefix"));
        assertTrue((Long) data.get("latencyMicros") >= 0);
        assertTrue((Long) data.get("latencyMs") >= 0);
    }

    private void assertTtl(String key, Duration lifetime) {
        long ttl = redis.pttl(key);
        assertTrue(ttl > 0 && ttl <= lifetime.toMillis() && ttl > lifetime.toMillis() - 10_000,
                key + " TTL " + ttl + " for lifetime " + lifetime);
    }

    private List<String> scan() {
        List<String> found = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(PREFIX + "*").count(1000));
            found.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return found;
    }

    /** Calls of a command since Redis started, from INFO commandstats. */
    private long calls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

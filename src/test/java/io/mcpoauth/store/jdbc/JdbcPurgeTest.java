package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The periodic purge: every kind of dead row goes, live rows stay, and it deletes in small batches. */
class JdbcPurgeTest {

    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void purgeWhenDeadRowsOfEveryKindThenRemovedAndLiveKept(String backend) throws Exception {
        try (TestDatabase db = JdbcSchemaTest.database(backend)) {
            JdbcStorage storage = db.newStorage(3);
            Instant now = Fixtures.now();
            storage.clients().save(Fixtures.publicClient("kept", now), now);
            storage.clients().save(new ClientRecord("unused", "Unused", "", ClientAuthMethod.NONE,
                    List.of("http://127.0.0.1/cb"), Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), now,
                            now.plus(ONE_MINUTE)), now);
            storage.codes().save(Fixtures.code("c-old", now, ONE_MINUTE), now);
            storage.codes().save(Fixtures.code("c-consumed", now, ONE_MINUTE), now);
            storage.codes().consume("c-consumed", now);
            storage.codes().save(Fixtures.code("c-live", now, ONE_HOUR), now);
            storage.accessTokens().saveAccessToken(Fixtures.accessToken("a-old", "g1", now, ONE_MINUTE), now);
            storage.accessTokens().saveAccessToken(Fixtures.accessToken("a-live", "g1", now, ONE_HOUR), now);
            storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r-old", "g1", now, ONE_MINUTE), now);
            storage.refreshTokens().saveRefreshToken(Fixtures.refreshToken("r-live", "g1", now, THIRTY_DAYS), now);
            storage.grants().revokeGrant("g-old", now.plus(ONE_MINUTE), now);
            storage.grants().revokeGrant("g-revoked", now.plus(THIRTY_DAYS), now);
            // Saved after its grant was revoked: hidden at once, deleted by the purge.
            storage.accessTokens().saveAccessToken(Fixtures.accessToken("a-revoked", "g-revoked", now, ONE_HOUR), now);
            storage.pendingAuthorizations().save(Fixtures.pending("p-old", now, ONE_MINUTE), now);
            storage.pendingAuthorizations().save(Fixtures.pending("p-live", now, ONE_HOUR), now);
            storage.consents().save(new ConsentRecord("alice", "kept", Set.of("mcp:read"), List.of(), List.of(), now,
                    now.plus(ONE_MINUTE)), now);
            storage.consents().save(new ConsentRecord("bob", "kept", Set.of("mcp:read"), List.of(), List.of(), now,
                    now.plus(THIRTY_DAYS)), now);
            storage.grantIndex().record(Fixtures.grant("g-old", "kept", "alice", now, ONE_MINUTE), now);
            storage.grantIndex().record(Fixtures.grant("g-live", "kept", "alice", now, ONE_HOUR), now);
            storage.subjectBlocks().block("mallory", now.plus(ONE_MINUTE), now);
            storage.subjectBlocks().block("eve", now.plus(ONE_HOUR), now);

            assertEquals(1, storage.purgeExpired(now), "only the token of the revoked grant is dead now");
            Instant later = now.plus(Duration.ofMinutes(5));
            assertEquals(10, storage.purgeExpired(later));
            assertEquals(0, storage.purgeExpired(later));

            assertTrue(storage.clients().find("kept", now).isPresent());
            assertTrue(storage.clients().find("unused", now).isEmpty());
            assertInstanceOf(CodeConsumption.Consumed.class, storage.codes().consume("c-live", later));
            assertTrue(storage.accessTokens().findAccessToken("a-live", later).isPresent());
            assertTrue(storage.refreshTokens().findRefreshToken("r-live", later).isPresent());
            assertTrue(storage.grants().isGrantRevoked("g-revoked", later));
            assertTrue(storage.pendingAuthorizations().find("p-live", later).isPresent());
            assertTrue(storage.consents().find("bob", "kept", later).isPresent());
            assertTrue(storage.grantIndex().find("g-live", later).isPresent());
            assertTrue(storage.subjectBlocks().blockedUntil("eve", later).isPresent());
            assertEquals(2, db.count("SELECT COUNT(*) FROM " + db.prefix() + "grants")
                    + db.count("SELECT COUNT(*) FROM " + db.prefix() + "subject_blocks"));
            assertEquals(3, db.count("SELECT COUNT(*) FROM " + db.prefix() + "access_tokens")
                    + db.count("SELECT COUNT(*) FROM " + db.prefix() + "codes")
                    + db.count("SELECT COUNT(*) FROM " + db.prefix() + "revoked_grants"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void purgeWhenManyExpiredThenDeletedBatchByBatchOfAtMostTheBatchSize(String backend) throws Exception {
        try (TestDatabase db = JdbcSchemaTest.database(backend)) {
            JdbcStorage storage = db.newStorage(3);
            Instant now = Fixtures.now();
            for (int i = 0; i < 7; i++) {
                storage.codes().save(Fixtures.code(Fixtures.key(), now, ONE_MINUTE), now);
            }
            storage.codes().save(Fixtures.code("live", now, ONE_HOUR), now);
            db.pool().record();
            assertEquals(7, storage.purgeExpired(now.plus(Duration.ofMinutes(2))));
            List<String> deletes = db.pool().recorded().stream()
                    .filter(sql -> sql.startsWith("DELETE FROM " + db.prefix() + "codes ")).toList();
            assertEquals(3, deletes.size(), "batches of 3, 3 and 1: " + deletes);
            assertTrue(deletes.get(0).contains("FETCH FIRST 3 ROWS ONLY"), deletes.get(0));
            assertEquals(1, db.count("SELECT COUNT(*) FROM " + db.prefix() + "codes"));
        }
    }
}

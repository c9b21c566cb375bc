package io.mcpoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.Race;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.SubjectAttributes;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schema creation and migration: versioned, idempotent, safe when instances start together; the prefix. */
class JdbcSchemaTest {

    private static final List<String> TABLES = List.of("access_tokens", "clients", "codes", "consents", "grants",
            "pending_authorizations", "refresh_tokens", "revoked_grants", "schema_version", "signing_keys",
            "subject_blocks", "used_ids");
    /** H2 and Derby also have the migration lease table. */
    private static final List<String> TABLES_WITH_LEASE = java.util.stream.Stream.concat(TABLES.stream(),
            java.util.stream.Stream.of("schema_lock")).sorted().toList();

    static TestDatabase database(String backend) {
        return switch (backend) {
            case "postgres" -> TestDatabase.postgres();
            case "h2" -> TestDatabase.h2();
            default -> TestDatabase.derby();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenEightInstancesRaceOnEmptyDatabaseThenAllReadyAndOneVersionRow(String backend) throws Exception {
        try (TestDatabase db = database(backend); Race race = new Race(8)) {
            List<Boolean> up = race.run(i -> readyWithin(db.newStorage(), 100));
            assertEquals(List.of(true, true, true, true, true, true, true, true), up);
            assertEquals(backend.equals("postgres") ? TABLES : TABLES_WITH_LEASE,
                    db.tables().stream().map(t -> t.substring(db.prefix().length())).sorted().toList());
            assertEquals(Schema.versions().size(), db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version"));
            assertEquals(Schema.LATEST, db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
        }
    }

    /**
     * Ready after at most {@code tries} health checks a tenth of a second apart. Where DDL is not transactional
     * (H2), an instance that has finished can find a table locked for a while by one still altering it, and
     * reports DOWN meanwhile, as readiness should.
     */
    private static boolean readyWithin(JdbcStorage storage, int tries) {
        for (int i = 1; ; i++) {
            if (storage.checkHealth().up()) {
                return true;
            }
            if (i == tries) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenSchemaAlreadyThereThenNothingChangesAndRowsKept(String backend) throws Exception {
        Instant now = Fixtures.now();
        try (TestDatabase db = database(backend)) {
            ClientRecord client = Fixtures.confidentialClient("c-" + Fixtures.key(), now);
            db.newStorage().clients().save(client, now);
            String firstApplied = "SELECT applied_at FROM " + db.prefix() + "schema_version WHERE version = 1";
            long appliedAt = db.count(firstApplied);
            JdbcStorage again = db.newStorage();
            assertTrue(again.checkHealth().up());
            assertEquals(Optional.of(client), again.clients().find(client.clientId(), now));
            assertEquals(Schema.versions().size(), db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version"));
            assertEquals(appliedAt, db.count(firstApplied));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenVersionOneWithRowsThenMigratedAndRowsReadWithoutAttributes(String backend) throws Exception {
        try (TestDatabase db = database(backend)) {
            createAt(db, "schema-v1.sql");
            Instant now = Fixtures.now();
            AccessTokenRecord old = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, Duration.ofHours(1));
            db.update("INSERT INTO " + db.prefix() + "access_tokens (token_hash, grant_id, client_id, subject, scope, "
                    + "resources, issued_at, expires_at) VALUES ('" + old.tokenHash() + "', '" + old.grant().grantId()
                    + "', 'client-1', 'alice', 'mcp:tools', '" + old.grant().resources().get(0) + "', "
                    + now.toEpochMilli() + ", " + old.expiresAt().toEpochMilli() + ")");

            JdbcStorage storage = db.newStorage();
            assertTrue(storage.checkHealth().up());
            assertEquals(Schema.LATEST, db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
            assertEquals(Optional.of(old), storage.accessTokens().findAccessToken(old.tokenHash(), now));
            AccessTokenRecord withAttributes = new AccessTokenRecord(Fixtures.key(), new Grant(old.grant().grantId(),
                    "client-1", "alice", Scope.of("mcp:tools"), List.of(), Fixtures.ATTRIBUTES), now, old.expiresAt());
            storage.accessTokens().saveAccessToken(withAttributes, now);
            assertEquals(Optional.of(withAttributes),
                    storage.accessTokens().findAccessToken(withAttributes.tokenHash(), now));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenVersionTwoWithConsentRowsThenMigratedAndConsentsReadWithoutRedirectUris(String backend)
            throws Exception {
        try (TestDatabase db = database(backend)) {
            createAt(db, "schema-v1.sql", "schema-v2.sql");
            Instant now = Fixtures.now();
            Instant expires = now.plus(Duration.ofDays(1));
            db.update("INSERT INTO " + db.prefix() + "consents (subject, client_id, scopes, resources, granted_at, "
                    + "expires_at) VALUES ('alice', 'app', 'mcp:read', 'https://mcp.example.com/mcp', "
                    + now.toEpochMilli() + ", " + expires.toEpochMilli() + ")");

            JdbcStorage storage = db.newStorage();
            assertTrue(storage.checkHealth().up());
            assertEquals(Schema.LATEST, db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
            ConsentRecord old = storage.consents().find("alice", "app", now).orElseThrow();
            assertEquals(List.of(), old.redirectUris(), "a consent from before: no redirect URI approved");
            assertEquals(List.of("https://mcp.example.com/mcp"), old.resources());
            ConsentRecord widened = new ConsentRecord("alice", "app", old.scopes(), old.resources(),
                    List.of("http://127.0.0.1:5000/cb"), now, expires);
            storage.consents().save(widened, now);
            assertEquals(Optional.of(widened), storage.consents().find("alice", "app", now));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenVersionThreeWithRefreshRowsThenMigratedAndGrantStartReadAsIssuedAt(String backend)
            throws Exception {
        try (TestDatabase db = database(backend)) {
            createAt(db, "schema-v1.sql", "schema-v2.sql", "schema-v3.sql");
            Instant now = Fixtures.now();
            Instant issued = now.minus(Duration.ofDays(10));
            RefreshTokenRecord old = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), issued, Duration.ofDays(30));
            db.update("INSERT INTO " + db.prefix() + "refresh_tokens (token_hash, grant_id, client_id, subject, "
                    + "scope, resources, issued_at, expires_at, rotated) VALUES ('" + old.tokenHash() + "', '"
                    + old.grant().grantId() + "', 'client-1', 'alice', '" + old.grant().scope() + "', '"
                    + String.join("\n", old.grant().resources()) + "', " + issued.toEpochMilli() + ", "
                    + old.expiresAt().toEpochMilli() + ", FALSE)");

            JdbcStorage storage = db.newStorage();
            assertTrue(storage.checkHealth().up());
            assertEquals(Schema.LATEST, db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
            RefreshTokenRecord found = storage.refreshTokens().findRefreshToken(old.tokenHash(), now).orElseThrow();
            assertEquals(issued, found.grantStartedAt(), "a row from before: its grant counted from its own issue");
            assertEquals(old, found);
            RefreshTokenRecord successor = Fixtures.refreshToken(Fixtures.key(), old.grant().grantId(), now,
                    Duration.ofDays(30)).withGrantStartedAt(found.grantStartedAt());
            assertTrue(Fixtures.rotated(storage.refreshTokens(), old.tokenHash(), successor, now));
            assertEquals(Optional.of(successor), storage.refreshTokens().findRefreshToken(successor.tokenHash(), now));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenVersionFiveWithTokenRowsThenMigratedAndRowsReadWithoutIdentityProvider(String backend)
            throws Exception {
        try (TestDatabase db = database(backend)) {
            createAt(db, "schema-v1.sql", "schema-v2.sql", "schema-v3.sql", "schema-v4.sql", "schema-v5.sql");
            Instant now = Fixtures.now();
            AccessTokenRecord old = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), now, Duration.ofHours(1));
            db.update("INSERT INTO " + db.prefix() + "access_tokens (token_hash, grant_id, client_id, subject, scope, "
                    + "resources, issued_at, expires_at, subject_email, subject_groups) VALUES ('" + old.tokenHash()
                    + "', '" + old.grant().grantId() + "', 'client-1', 'alice', 'mcp:tools', '"
                    + old.grant().resources().get(0) + "', " + now.toEpochMilli() + ", "
                    + old.expiresAt().toEpochMilli() + ", 'alice@example.com', 'ops')");

            JdbcStorage storage = db.newStorage();
            assertTrue(storage.checkHealth().up());
            assertEquals(Schema.LATEST, db.count("SELECT MAX(version) FROM " + db.prefix() + "schema_version"));
            AccessTokenRecord found = storage.accessTokens().findAccessToken(old.tokenHash(), now).orElseThrow();
            assertEquals(SubjectAttributes.of("alice@example.com", List.of("ops")), found.grant().attributes());
            assertEquals("", found.grant().attributes().idp());
            AccessTokenRecord enterprise = new AccessTokenRecord(Fixtures.key(), new Grant(old.grant().grantId(),
                    "client-1", "acme|alice", Scope.of("mcp:tools"), List.of(), Fixtures.ENTERPRISE_ATTRIBUTES), now,
                    old.expiresAt());
            storage.accessTokens().saveAccessToken(enterprise, now);
            assertEquals(Optional.of(enterprise), storage.accessTokens().findAccessToken(enterprise.tokenHash(), now));
        }
    }

    /**
     * Versions are numbered where changes are made, so a release can bring a migration numbered below one a
     * database already has (a gap in an earlier release's list, filled): it is applied all the same, the
     * others are not applied again.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenAnEarlierVersionIsMissingBelowTheHighestThenItIsAppliedAlone(String backend) throws Exception {
        try (TestDatabase db = database(backend)) {
            createAt(db, Map.of(1, "schema-v1.sql", 2, "schema-v2.sql", 3, "schema-v3.sql", 4, "schema-v4.sql",
                    Schema.LATEST, "schema-v" + Schema.LATEST + ".sql"));
            assertEquals(0, db.tables().stream().filter(t -> t.endsWith("used_ids")).count());
            long latestApplied = db.count("SELECT applied_at FROM " + db.prefix() + "schema_version WHERE version = "
                    + Schema.LATEST);

            JdbcStorage storage = db.newStorage();
            assertTrue(storage.checkHealth().up());
            assertEquals(Schema.versions().size(), db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version"));
            assertEquals(1, db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version WHERE version = 5"));
            assertEquals(latestApplied, db.count("SELECT applied_at FROM " + db.prefix()
                    + "schema_version WHERE version = " + Schema.LATEST));
            Instant now = Fixtures.now();
            assertTrue(storage.usedIds().markUsed(Fixtures.key(), now.plusSeconds(60), now));
        }
    }

    /** Creates the tables as the given scripts leave them, recording versions 1, 2, ..., as an older release did. */
    private static void createAt(TestDatabase db, String... scripts) throws Exception {
        Map<Integer, String> byVersion = new java.util.TreeMap<>();
        for (int v = 1; v <= scripts.length; v++) {
            byVersion.put(v, scripts[v - 1]);
        }
        createAt(db, byVersion);
    }

    /** Creates the tables as the scripts leave them, recording the versions given, in order. */
    private static void createAt(TestDatabase db, Map<Integer, String> scripts) throws Exception {
        try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
            Dialect d = Dialect.of(c.getMetaData());
            s.execute(d.render("CREATE TABLE ${prefix}schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)", db.prefix()));
            for (Map.Entry<Integer, String> script : new java.util.TreeMap<>(scripts).entrySet()) {
                for (String statement : Schema.statements(script.getValue())) {
                    s.execute(d.render(statement, db.prefix()));
                }
                int v = script.getKey();
                s.execute("INSERT INTO " + db.prefix() + "schema_version VALUES (" + v + ", 'v" + v + "', " + v + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void startWhenSchemaNewerThanReleaseThenRunsOnItUnchanged(String backend) throws Exception {
        try (TestDatabase db = database(backend)) {
            db.newStorage();
            db.update("INSERT INTO " + db.prefix() + "schema_version (version, description, applied_at) "
                    + "VALUES (" + (Schema.LATEST + 1) + ", 'from a newer release', 0)");
            JdbcStorage storage = db.newStorage();
            assertEquals((long) Schema.LATEST + 1, storage.checkHealth().data().get("schemaVersion"));
            assertEquals(Schema.versions().size() + 1,
                    db.count("SELECT COUNT(*) FROM " + db.prefix() + "schema_version"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2", "derby"})
    void checkHealthWhenUpThenDatabaseAndVersionReported(String backend) throws Exception {
        try (TestDatabase db = database(backend)) {
            Map<String, Object> data = db.newStorage().checkHealth().data();
            String product = Map.of("postgres", "PostgreSQL", "h2", "H2", "derby", "Apache Derby").get(backend);
            assertTrue(((String) data.get("database")).startsWith(product), data.toString());
            assertEquals((long) Schema.LATEST, data.get("schemaVersion"));
            assertEquals(db.prefix(), data.get("tablePrefix"));
        }
    }

    @Test
    void prefixWhenNotLowerCaseLettersDigitsUnderscoresThenRejected() {
        for (String bad : new String[] {"", "Mcp_", "mcp-oauth_", "1mcp_", "mcp oauth", "mcp;drop", "a".repeat(31)}) {
            assertThrows(IllegalArgumentException.class, () -> JdbcStorage.checkTablePrefix(bad), bad);
        }
        for (String good : new String[] {"mcp_oauth_", "_x", "tenant2_", "a".repeat(30)}) {
            assertEquals(good, JdbcStorage.checkTablePrefix(good));
        }
    }

    @Test
    void settingsWhenPrefixInvalidThenDeploymentFailsNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcSettings.load(
                ConfigSource.of(Map.of("mcp.oauth.jdbc.table-prefix", "Bad-Prefix"))));
        assertTrue(e.getMessage().startsWith("mcp.oauth.jdbc.table-prefix"), e.getMessage());
        JdbcSettings defaults = JdbcSettings.load(ConfigSource.of(Map.of()));
        assertEquals("java:comp/DefaultDataSource", defaults.dataSource());
        assertEquals("mcp_oauth_", defaults.tablePrefix());
    }

    @Test
    void statementsWhenSchemaScriptReadThenEveryTableAndIndexHasThePrefix() {
        List<String> statements = Schema.statements("schema-v1.sql");
        assertEquals(16, statements.size());
        for (String sql : statements) {
            assertTrue(sql.matches("(?s)CREATE (TABLE|INDEX) \\$\\{ifNotExists}\\$\\{prefix}\\w+ .*"), sql);
        }
    }
}

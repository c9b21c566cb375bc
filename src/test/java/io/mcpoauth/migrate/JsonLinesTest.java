package io.mcpoauth.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.ExportImportContract;
import io.mcpoauth.store.Fixtures;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.memory.MemoryStorage;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON-lines format: what a line holds, and every way a stream is refused, with its line number. */
class JsonLinesTest {

    private static final Instant NOW = Fixtures.now();
    private static final String HEADER = JsonLines.header(NOW, "memory");
    private static final String END = JsonLines.end(0);

    private static JsonLines.Item item(String line) {
        return assertInstanceOf(JsonLines.Item.class, JsonLines.parse(line));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> T roundTrip(String kind, T record) {
        RecordKind<?> k = RecordKind.named(kind).orElseThrow();
        JsonLines.Item read = item(JsonLines.record(k, record));
        assertEquals(k, read.kind());
        return (T) read.record();
    }

    private static ExportFormatException refused(String stream) {
        return assertThrows(ExportFormatException.class,
                () -> StorageImport.read(new MemoryStorage(1000), new StringReader(stream), NOW, ExportImportContract.RULES));
    }

    @Test
    void recordWhenEveryKindThenReadBackEqual() {
        ClientRecord kept = Fixtures.confidentialClient("c-" + Fixtures.key(), NOW);
        ClientRecord registered = new ClientRecord("r", "R", "", ClientAuthMethod.NONE, List.of("http://127.0.0.1/cb"),
                Set.of(), Set.of(GrantType.AUTHORIZATION_CODE), NOW, NOW.plus(Duration.ofDays(1)));
        ConsentRecord consent = new ConsentRecord("alice", "r", Set.of("b", "a"), List.of("https://x.example"),
                List.of("http://127.0.0.1:5000/cb"), NOW,
                NOW.plus(Duration.ofDays(1)));
        AccessTokenRecord access = Fixtures.accessToken(Fixtures.key(), Fixtures.key(), NOW, Duration.ofHours(1));
        RefreshTokenRecord refresh = Fixtures.refreshToken(Fixtures.key(), Fixtures.key(), NOW, Duration.ofDays(1))
                .asRotated();
        RevokedGrant revoked = new RevokedGrant(Fixtures.key(), NOW.plus(Duration.ofDays(1)));
        assertEquals(kept, roundTrip("client", kept));
        assertEquals(registered, roundTrip("client", registered));
        assertEquals(consent, roundTrip("consent", consent));
        assertEquals(access, roundTrip("access_token", access));
        assertEquals(refresh, roundTrip("refresh_token", refresh));
        assertEquals(revoked, roundTrip("revoked_grant", revoked));
    }

    @Test
    void consentWhenExportedBeforeRedirectUrisWereKeptThenImportsWithNoneApproved() {
        ConsentRecord consent = (ConsentRecord) item("{\"type\":\"consent\",\"subject\":\"alice\",\"clientId\":\"r\","
                + "\"scopes\":[\"a\"],\"resources\":[],\"grantedAt\":\"" + NOW + "\",\"expiresAt\":\""
                + NOW.plus(Duration.ofDays(1)) + "\"}").record();
        assertEquals(List.of(), consent.redirectUris());
        assertFalse(consent.coversRedirectUri("http://127.0.0.1/cb"));
    }

    @Test
    void recordWhenWrittenThenTypeFirstInstantsIsoSetsSortedNullsLeftOut() {
        ClientRecord client = new ClientRecord("app", "App", "sha256:x", ClientAuthMethod.CLIENT_SECRET_POST,
                List.of("http://b", "http://a"), Set.of("z", "m", "a"),
                Set.of(GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS, GrantType.AUTHORIZATION_CODE),
                Instant.parse("2026-01-02T03:04:05.678Z"));
        String line = JsonLines.record(RecordKind.named("client").orElseThrow(), client);
        assertTrue(line.startsWith("{\"type\":\"client\",\"clientId\":\"app\""), line);
        assertTrue(line.contains("\"authMethod\":\"client_secret_post\""), line);
        assertTrue(line.contains("\"grantTypes\":[\"authorization_code\",\"client_credentials\",\"refresh_token\"]"),
                line);
        assertTrue(line.contains("\"createdAt\":\"2026-01-02T03:04:05.678Z\""), line);
        assertTrue(line.contains("\"redirectUris\":[\"http://b\",\"http://a\"]"), line);
        assertTrue(line.contains("\"scopes\":[\"a\",\"m\",\"z\"]"), line);
        assertFalse(line.contains("expiresAt"), line);
        assertFalse(line.contains("\n"), line);
        String refresh = JsonLines.record(RecordKind.named("refresh_token").orElseThrow(),
                Fixtures.refreshToken("h", "g", NOW, Duration.ofDays(1)));
        assertTrue(refresh.contains("\"scope\":\"mcp:tools offline_access\""), refresh);
    }

    @Test
    void headerWhenWrittenThenNamesFormatVersionAndStorage() {
        assertEquals("{\"type\":\"mcp-oauth-export\",\"version\":1,\"exportedAt\":\"" + NOW
                + "\",\"storage\":\"memory\"}", HEADER);
        assertEquals(new JsonLines.Header(1), JsonLines.parse(HEADER));
    }

    /** A record from a later release with a new member: the explicit mapping never has to name it. */
    record WithAttributes(String subject, Map<String, List<String>> attributes, Nested nested, boolean flag,
            java.util.Optional<String> email) {
    }

    record Nested(String email, Set<String> groups) {

    }

    @Test
    void recordWhenAddedMembersOfMapsAndRecordsThenReadBackEqualAndAbsentOnesEmpty() {
        WithAttributes full = new WithAttributes("alice", Map.of("groups", List.of("x", "y")),
                new Nested("a@example.com", Set.of("admins")), true, java.util.Optional.of("a@example.com"));
        var object = RecordJson.write(full, RecordJson.JSON.createObjectBuilder()).build();
        assertEquals(full, RecordJson.read(WithAttributes.class, object, Set.of()));
        var old = RecordJson.JSON.createObjectBuilder().add("subject", "bob").build();
        assertEquals(new WithAttributes("bob", Map.of(), null, false, java.util.Optional.empty()),
                RecordJson.read(WithAttributes.class, old, Set.of()));
    }

    @Test
    void importWhenEmptyThenRefusedAsHavingNoHeader() {
        assertEquals("line 1: empty: no export header", refused("").getMessage());
    }

    @Test
    void importWhenFirstLineIsNoHeaderThenRefused() {
        ExportFormatException e = refused("{\"type\":\"end\",\"records\":0}\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("first line must be the export header"), e.getMessage());
    }

    @Test
    void importWhenNewerVersionThenRefusedNamingBothVersions() {
        ExportFormatException e = refused("{\"type\":\"mcp-oauth-export\",\"version\":2}\n" + END + "\n");
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("version 2 is newer than this server's (1)"), e.getMessage());
    }

    @Test
    void importWhenUnknownTypeThenRefusedWithItsLine() {
        ExportFormatException e = refused(HEADER + "\n\n{\"type\":\"authorization_code\",\"codeHash\":\"x\"}\n" + END);
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("line 3: unknown type \"authorization_code\" (known: client, consent, "),
                e.getMessage());
    }

    @Test
    void importWhenNotJsonThenRefusedWithItsLineAndNotItsContent() {
        ExportFormatException e = refused(HEADER + "\n{\"type\":\"client\", secret-stuff\n" + END);
        assertEquals("line 2: not a JSON object", e.getMessage());
    }

    @Test
    void importWhenUnknownMemberThenRefusedNamingIt() {
        RevokedGrant r = new RevokedGrant("g", NOW.plusSeconds(60));
        String line = JsonLines.record(RecordKind.named("revoked_grant").orElseThrow(), r);
        ExportFormatException e = refused(HEADER + "\n" + line.replace("}", ",\"extra\":1}") + "\n" + END);
        assertEquals("line 2: unknown member \"extra\"", e.getMessage());
    }

    @Test
    void importWhenRequiredMemberMissingThenRefusedNamingIt() {
        ExportFormatException e = refused(HEADER + "\n{\"type\":\"revoked_grant\",\"grantId\":\"g\"}\n" + END);
        assertEquals("line 2: member \"keepUntil\" is missing", e.getMessage());
    }

    @Test
    void importWhenMemberOfWrongTypeThenRefusedSayingWhatItMustBe() {
        ExportFormatException e = refused(HEADER + "\n{\"type\":\"revoked_grant\",\"grantId\":\"g\",\"keepUntil\":5}\n"
                + END);
        assertEquals("line 2: member \"keepUntil\" is not an ISO-8601 instant", e.getMessage());
    }

    @Test
    void importWhenPrivateKeyJwtClientWithoutKeysOrWithUnsafeKeysThenRefused() {
        String line = JsonLines.record(RecordKind.named("client").orElseThrow(), Fixtures.publicClient("p", NOW));
        ExportFormatException keyless = refused(HEADER + "\n" + line.replace("\"none\"", "\"private_key_jwt\"")
                + "\n" + END);
        assertEquals("line 2: invalid: a private_key_jwt client, and only one, has keys (jwks or jwksUri)",
                keyless.getMessage());
        String signing = JsonLines.record(RecordKind.named("client").orElseThrow(), Fixtures.signingClient("s", NOW,
                ClientKeys.fetched("https://app.example.com/jwks.json", Set.of())));
        ExportFormatException plainHttp = refused(HEADER + "\n" + signing.replace("https://app.example.com/jwks.json",
                "http://app.example.com/jwks.json") + "\n" + END);
        assertTrue(plainHttp.getMessage().contains("keys.jwksUri: jwks_uri must be an https URL"),
                plainHttp.getMessage());
        String hs = JsonLines.record(RecordKind.named("client").orElseThrow(), Fixtures.signingClient("h", NOW,
                ClientKeys.inline(Fixtures.JWKS, Set.of("ES256"))));
        ExportFormatException symmetric = refused(HEADER + "\n" + hs.replace("\"ES256\"", "\"HS256\"") + "\n"
                + END);
        assertTrue(symmetric.getMessage().contains("HS256 is not allowed"), symmetric.getMessage());
    }

    @Test
    void importWhenUnknownAuthMethodOrGrantTypeThenRefusedNamingTheMember() {
        String line = JsonLines.record(RecordKind.named("client").orElseThrow(), Fixtures.publicClient("p", NOW));
        ExportFormatException method = refused(HEADER + "\n" + line.replace("\"none\"", "\"client_secret_jwt\"") + "\n"
                + END);
        assertEquals("line 2: member \"authMethod\" is not a supported client authentication method",
                method.getMessage());
        ExportFormatException grant = refused(HEADER + "\n" + line.replace("\"authorization_code\"", "\"password\"")
                + "\n" + END);
        assertEquals("line 2: member \"grantTypes\" is not an array of the expected values", grant.getMessage());
    }

    @Test
    void importWhenEndLineMissingThenRefusedAsCutShortAfterImportingWhatCame() {
        MemoryStorage storage = new MemoryStorage(1000);
        RevokedGrant r = new RevokedGrant("g", NOW.plusSeconds(60));
        String stream = HEADER + "\n" + JsonLines.record(RecordKind.named("revoked_grant").orElseThrow(), r) + "\n";
        ExportFormatException e = assertThrows(ExportFormatException.class,
                () -> StorageImport.read(storage, new StringReader(stream), NOW, ExportImportContract.RULES));
        assertEquals("line 3: the stream ends without its end line: the export was cut short", e.getMessage());
        assertTrue(storage.grants().isGrantRevoked("g", NOW));
    }

    @Test
    void importWhenLineAfterEndThenRefused() {
        ExportFormatException e = refused(HEADER + "\n" + END + "\n" + HEADER + "\n");
        assertEquals("line 3: a line after the end line", e.getMessage());
    }

    @Test
    void importWhenSecondHeaderThenRefused() {
        assertEquals("line 2: a second export header", refused(HEADER + "\n" + HEADER + "\n" + END).getMessage());
    }

    @Test
    void importWhenCrLfAndBlankLinesThenRead() throws IOException {
        RevokedGrant r = new RevokedGrant("g", NOW.plusSeconds(60));
        String stream = HEADER + "\r\n\r\n" + JsonLines.record(RecordKind.named("revoked_grant").orElseThrow(), r)
                + "\r\n" + JsonLines.end(1) + "\r\n\r\n";
        StorageImport.Result result = StorageImport.read(new MemoryStorage(1000), new StringReader(stream), NOW, ExportImportContract.RULES);
        assertEquals(Map.of("revoked_grant", 1L), result.imported());
    }

    @Test
    void importWhenLineTooLongThenRefusedWithoutReadingItAll() {
        String huge = "{\"type\":\"client\",\"name\":\"" + "x".repeat(ExportReader.MAX_LINE) + "\"}";
        ExportFormatException e = refused(HEADER + "\n" + huge + "\n" + END);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void exportWhenEmptyStorageThenHeaderAndEndOnly() throws IOException {
        StringWriter out = new StringWriter();
        Map<String, Long> counts = StorageExport.write(new MemoryStorage(10), NOW, out);
        assertEquals(HEADER + "\n" + JsonLines.end(0) + "\n", out.toString());
        assertEquals(List.of("client", "consent", "revoked_grant", "refresh_token", "access_token"),
                List.copyOf(counts.keySet()));
    }
}

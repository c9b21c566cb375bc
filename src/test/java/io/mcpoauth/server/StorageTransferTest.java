package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin export and import through the provider: who may call them, and a switch between two servers. */
class StorageTransferTest {

    private static final String ADMIN = "admin-secret";
    private static final Map<String, String> WITH_ADMIN = Map.of("mcp.oauth.admin.token", ADMIN);

    private static String export(ProviderFixture f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.provider.exportStorage(ADMIN, RequestContext.UNKNOWN).writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> load(ProviderFixture f, String export) {
        return f.provider.importStorage(ADMIN, new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8)),
                "application/x-ndjson", RequestContext.UNKNOWN);
    }

    @Test
    void exportAndImportWhenNoAdminTokenConfiguredThenNotFound() {
        ProviderFixture f = new ProviderFixture();
        assertEquals("no such endpoint", assertThrows(EndpointDisabledException.class,
                () -> f.provider.exportStorage(ADMIN, RequestContext.UNKNOWN)).getMessage());
        assertEquals("no such endpoint", assertThrows(EndpointDisabledException.class, () -> f.provider.importStorage(
                ADMIN, new ByteArrayInputStream(new byte[0]), null, RequestContext.UNKNOWN)).getMessage());
    }

    @Test
    void exportAndImportWhenTokenWrongOrMissingThenInvalidToken() {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        for (String bearer : new String[] {null, "", "admin-secreT"}) {
            assertEquals("invalid_token", assertThrows(OAuthException.class,
                    () -> f.provider.exportStorage(bearer, RequestContext.UNKNOWN)).error().code());
            assertEquals("invalid_token", assertThrows(OAuthException.class, () -> f.provider.importStorage(bearer,
                    new ByteArrayInputStream(new byte[0]), null, RequestContext.UNKNOWN)).error().code());
        }
    }

    @Test
    void importWhenExportOfAnotherServerThenItsTokensWorkHere() throws IOException {
        ProviderFixture old = new ProviderFixture(WITH_ADMIN);
        TokenResponse tokens = old.exchange(old.code("app", ProviderFixture.REDIRECT), ProviderFixture.REDIRECT);
        ProviderFixture fresh = new ProviderFixture(WITH_ADMIN);
        assertFalse((Boolean) fresh.introspect(tokens.accessToken(), "rs").get("active"));

        Map<String, Object> counts = load(fresh, export(old));
        assertEquals(1L, ((Map<?, ?>) counts.get("imported")).get("access_token"));
        assertTrue((Boolean) fresh.introspect(tokens.accessToken(), "rs").get("active"));
        assertNotNull(fresh.refresh(tokens.refreshToken(), null).accessToken());
    }

    @Test
    void importWhenBadLineThenInvalidRequestNamingIt() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        String export = export(f);
        String bad = export.replace("{\"type\":\"end\"", "{\"type\":\"pending_authorization\"}\n{\"type\":\"end\"");
        OAuthException e = assertThrows(OAuthException.class, () -> load(f, bad));
        assertEquals("invalid_request", e.error().code());
        assertTrue(e.description().startsWith("line 2: unknown type \"pending_authorization\""), e.description());
    }

    @Test
    void importWhenSentAsFormThenRefusedSayingHow() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        byte[] export = export(f).getBytes(StandardCharsets.UTF_8);
        OAuthException e = assertThrows(OAuthException.class, () -> f.provider.importStorage(ADMIN,
                new ByteArrayInputStream(export), "application/x-www-form-urlencoded; charset=UTF-8",
                RequestContext.UNKNOWN));
        assertEquals("invalid_request", e.error().code());
        assertTrue(e.description().contains("--data-binary"), e.description());
    }

    /** An export of {@code f} with {@code line} added as its second line. */
    private static String withLine(ProviderFixture f, String line) throws IOException {
        return export(f).replace("{\"type\":\"end\"", line + "\n{\"type\":\"end\"");
    }

    private static String client(String redirectUri, String expiresAt) {
        return "{\"type\":\"client\",\"clientId\":\"imported\",\"name\":\"x\",\"secretHash\":\"\","
                + "\"authMethod\":\"none\",\"redirectUris\":[\"" + redirectUri + "\"],\"scopes\":[],"
                + "\"grantTypes\":[\"authorization_code\"],\"createdAt\":\"2026-01-01T00:00:00Z\""
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
    }

    @Test
    void importWhenClientRedirectUriUnsafeThenRefusedNamingTheLineAndNothingStored() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        for (String bad : new String[] {"javascript:alert(1)", "http://app.example/cb", "https://a.example/cb#f"}) {
            OAuthException e = assertThrows(OAuthException.class, () -> load(f, withLine(f, client(bad, null))), bad);
            assertEquals("invalid_request", e.error().code());
            assertTrue(e.description().startsWith("line 2: refused: redirectUris"), e.description());
            assertFalse(e.description().contains(bad), "the value is not echoed");
            assertTrue(f.storage.clients().find("imported", f.clock.instant()).isEmpty());
        }
        load(f, withLine(f, client("http://127.0.0.1/cb", "2026-01-01T12:00:00Z")));
        assertTrue(f.storage.clients().find("imported", f.clock.instant()).isPresent());
    }

    @Test
    void importWhenExpiryBeyondWhatThisServerGivesThenRefusedNamingTheSetting() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        OAuthException client = assertThrows(OAuthException.class,
                () -> load(f, withLine(f, client("http://127.0.0.1/cb", "2099-01-01T00:00:00Z"))));
        assertTrue(client.description().contains("mcp.oauth.registration.unused-client-ttl"), client.description());
        String consent = "{\"type\":\"consent\",\"subject\":\"alice\",\"clientId\":\"app\",\"scopes\":[],"
                + "\"resources\":[],\"grantedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}";
        OAuthException e = assertThrows(OAuthException.class, () -> load(f, withLine(f, consent)));
        assertTrue(e.description().startsWith("line 2: refused: expiresAt"), e.description());
        assertTrue(e.description().contains("mcp.oauth.consent.ttl"), e.description());
        String token = "{\"type\":\"access_token\",\"tokenHash\":\"h\",\"grantId\":\"g\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"\",\"resources\":[],\"issuedAt\":\"2026-01-01T00:00:00Z\","
                + "\"expiresAt\":\"2026-02-01T00:00:00Z\",\"attributes\":{\"email\":\"\",\"groups\":[]}}";
        OAuthException t = assertThrows(OAuthException.class, () -> load(f, withLine(f, token)));
        assertTrue(t.description().contains("mcp.oauth.token.access-ttl"), t.description());
    }

    private static String refreshLine(String grantStart) {
        return "{\"type\":\"refresh_token\",\"tokenHash\":\"h\",\"grantId\":\"g\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"mcp:read\",\"resources\":[],"
                + "\"issuedAt\":\"2025-12-31T00:00:00Z\",\"expiresAt\":\"2026-01-30T00:00:00Z\",\"rotated\":false,"
                + "\"attributes\":{\"email\":\"\",\"groups\":[]}"
                + (grantStart == null ? "" : ",\"grantStartedAt\":\"" + grantStart + "\"") + "}";
    }

    @Test
    void importWhenGrantStartInTheFutureThenRefusedNamingTheMember() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        OAuthException e = assertThrows(OAuthException.class,
                () -> load(f, withLine(f, refreshLine("2026-06-01T00:00:00Z"))));
        assertEquals("invalid_request", e.error().code());
        assertTrue(e.description().startsWith("line 2: refused: grantStartedAt"), e.description());
        assertTrue(f.storage.refreshTokens().findRefreshToken("h", f.clock.instant()).isEmpty());
        load(f, withLine(f, refreshLine("2025-11-01T00:00:00Z")));
        assertEquals(java.time.Instant.parse("2025-11-01T00:00:00Z"),
                f.storage.refreshTokens().findRefreshToken("h", f.clock.instant()).orElseThrow().grantStartedAt());
    }

    @Test
    void importWhenRefreshLineWithoutGrantStartThenGrantBeganAtItsIssue() throws IOException {
        ProviderFixture f = new ProviderFixture(WITH_ADMIN);
        load(f, withLine(f, refreshLine(null)));
        assertEquals(java.time.Instant.parse("2025-12-31T00:00:00Z"),
                f.storage.refreshTokens().findRefreshToken("h", f.clock.instant()).orElseThrow().grantStartedAt());
    }
}

package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.SubjectAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON kept in Redis, read back; values written by an earlier release still read. */
class RecordCodecTest {

    @Test
    void readConsentWhenWrittenBeforeRedirectUrisWereKeptThenNoneApproved() {
        ConsentRecord c = RecordCodec.readConsent("{\"subject\":\"alice\",\"clientId\":\"app\",\"grantedAt\":1000,"
                + "\"expiresAt\":2000,\"scopes\":[\"mcp:read\"],\"resources\":[\"https://mcp.example.com/mcp\"]}");
        assertEquals(new ConsentRecord("alice", "app", Set.of("mcp:read"), List.of("https://mcp.example.com/mcp"),
                List.of(), Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000)), c);
    }

    @Test
    void consentWhenWrittenThenReadBackEqualWithItsRedirectUrisInOrder() {
        ConsentRecord c = new ConsentRecord("alice", "app", Set.of("mcp:read"), List.of(),
                List.of("http://127.0.0.1:6000/cb", "http://127.0.0.1:5000/cb"), Instant.ofEpochMilli(1000),
                Instant.ofEpochMilli(2000));
        assertEquals(c, RecordCodec.readConsent(RecordCodec.write(c)));
    }

    @Test
    void readRefreshTokenWhenWrittenBeforeGrantsHadAStartThenGrantBeganAtItsIssue() {
        RefreshTokenRecord t = RecordCodec.readRefreshToken("{\"tokenHash\":\"h\",\"grantId\":\"g\","
                + "\"clientId\":\"app\",\"subject\":\"alice\",\"scope\":\"mcp:read\",\"issuedAt\":1000,"
                + "\"expiresAt\":2000,\"resources\":[]}", true);
        assertEquals(new RefreshTokenRecord("h", new Grant("g", "app", "alice", Scope.of("mcp:read"), List.of(),
                SubjectAttributes.NONE), Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000), true,
                Instant.ofEpochMilli(1000)), t);
    }

    @Test
    void refreshTokenWhenWrittenThenReadBackWithItsGrantStart() {
        RefreshTokenRecord t = new RefreshTokenRecord("h", new Grant("g", "app", "alice",
                Scope.parse("mcp:write mcp:read"), List.of("https://r.example"), SubjectAttributes.NONE),
                Instant.ofEpochMilli(5000), Instant.ofEpochMilli(9000), false, Instant.ofEpochMilli(1000));
        String json = RecordCodec.write(t);
        assertTrue(json.contains("\"scope\":\"mcp:write mcp:read\""), json);
        RefreshTokenRecord read = RecordCodec.readRefreshToken(json, false);
        assertEquals(t, read);
        assertEquals(json, RecordCodec.write(read), "the scope keeps its order through a round trip");
    }

    @Test
    void accessTokenWhenIdentityProviderThenWrittenAsIdpAndReadBack() {
        SubjectAttributes enterprise = SubjectAttributes.of("alice@example.com", List.of("mcp-users"),
                "https://idp.example.com");
        AccessTokenRecord t = new AccessTokenRecord("h", new Grant("g", "app", "acme|alice", Scope.of("mcp:read"),
                List.of(), enterprise), Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000));
        String json = RecordCodec.write(t);
        assertTrue(json.contains("\"idp\":\"https://idp.example.com\""), json);
        assertEquals(t, RecordCodec.readAccessToken(json));
    }

    @Test
    void accessTokenWhenNoIdentityProviderThenNoIdpField() {
        AccessTokenRecord t = new AccessTokenRecord("h", new Grant("g", "app", "alice", Scope.of("mcp:read"),
                List.of(), SubjectAttributes.of("alice@example.com", List.of())), Instant.ofEpochMilli(1000),
                Instant.ofEpochMilli(2000));
        String json = RecordCodec.write(t);
        assertFalse(json.contains("idp"), json);
        assertEquals(t, RecordCodec.readAccessToken(json));
    }

    @Test
    void readCodeWhenWrittenBeforeIdentityProvidersWereKeptThenEmptyIdpAndOtherAttributesKept() {
        AuthorizationCode c = RecordCodec.readCode("{\"codeHash\":\"h\",\"grantId\":\"g\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"redirectUri\":\"http://127.0.0.1:3000/cb\",\"scope\":\"mcp:read\","
                + "\"codeChallenge\":\"x\",\"issuedAt\":1000,\"expiresAt\":2000,\"resources\":[],"
                + "\"email\":\"alice@example.com\",\"groups\":[\"ops\"]}");
        assertEquals(SubjectAttributes.of("alice@example.com", List.of("ops")), c.grant().attributes());
        assertEquals("", c.grant().attributes().idp());
    }

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final SubjectAttributes ENTERPRISE = new SubjectAttributes("alice@example.com",
            List.of("Domain Admins", "Ingénierie", "cn=ops,ou=groups"), "https://idp.example.com");

    /** The exact values kept in Redis: every node of a cluster, whatever its release, reads what another wrote. */
    @Test
    void grantRecordsWhenWrittenThenExactJsonAndReadBackEqual() {
        AccessTokenRecord access = new AccessTokenRecord("ah", new Grant("g-1", "app", "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp"), ENTERPRISE), T,
                T.plusSeconds(3600));
        String accessJson = "{\"tokenHash\":\"ah\",\"grantId\":\"g-1\",\"clientId\":\"app\",\"subject\":\"alice\","
                + "\"scope\":\"mcp:tools offline_access\",\"issuedAt\":1767323045678,\"expiresAt\":1767326645678,"
                + "\"resources\":[\"https://mcp.example.com/mcp\"],\"email\":\"alice@example.com\","
                + "\"groups\":[\"Domain Admins\",\"Ingénierie\",\"cn=ops,ou=groups\"],\"idp\":\"https://idp.example.com\"}";
        assertEquals(accessJson, RecordCodec.write(access));
        assertEquals(access, RecordCodec.readAccessToken(accessJson));

        RefreshTokenRecord refresh = new RefreshTokenRecord("rh", new Grant("g-1", "app", "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp", "https://a.example"),
                ENTERPRISE), T.plusSeconds(10), T.plusSeconds(86400), true, T);
        String refreshJson = "{\"tokenHash\":\"rh\",\"grantId\":\"g-1\",\"clientId\":\"app\",\"subject\":\"alice\","
                + "\"scope\":\"mcp:tools offline_access\",\"issuedAt\":1767323055678,\"expiresAt\":1767409445678,"
                + "\"grantStartedAt\":1767323045678,\"resources\":[\"https://mcp.example.com/mcp\",\"https://a.example\"],"
                + "\"email\":\"alice@example.com\",\"groups\":[\"Domain Admins\",\"Ingénierie\",\"cn=ops,ou=groups\"],"
                + "\"idp\":\"https://idp.example.com\"}";
        assertEquals(refreshJson, RecordCodec.write(refresh));
        assertEquals(refresh, RecordCodec.readRefreshToken(refreshJson, true));

        AuthorizationCode code = new AuthorizationCode("ch", new Grant("g-1", "app", "alice", Scope.parse("mcp:tools"),
                List.of("https://mcp.example.com/mcp"), ENTERPRISE), "http://127.0.0.1/cb", "chal", T,
                T.plusSeconds(60));
        String codeJson = "{\"codeHash\":\"ch\",\"grantId\":\"g-1\",\"clientId\":\"app\",\"subject\":\"alice\","
                + "\"redirectUri\":\"http://127.0.0.1/cb\",\"scope\":\"mcp:tools\",\"codeChallenge\":\"chal\","
                + "\"issuedAt\":1767323045678,\"expiresAt\":1767323105678,\"resources\":[\"https://mcp.example.com/mcp\"],"
                + "\"email\":\"alice@example.com\",\"groups\":[\"Domain Admins\",\"Ingénierie\",\"cn=ops,ou=groups\"],"
                + "\"idp\":\"https://idp.example.com\"}";
        assertEquals(codeJson, RecordCodec.write(code));
        assertEquals(code, RecordCodec.readCode(codeJson));

        AuthorizationCode plain = new AuthorizationCode("ch2", new Grant("g-2", "app", "alice",
                Scope.parse("mcp:tools"), List.of()), "http://127.0.0.1/cb", "chal", T, T.plusSeconds(60));
        String plainJson = "{\"codeHash\":\"ch2\",\"grantId\":\"g-2\",\"clientId\":\"app\",\"subject\":\"alice\","
                + "\"redirectUri\":\"http://127.0.0.1/cb\",\"scope\":\"mcp:tools\",\"codeChallenge\":\"chal\","
                + "\"issuedAt\":1767323045678,\"expiresAt\":1767323105678,\"resources\":[]}";
        assertEquals(plainJson, RecordCodec.write(plain));
        assertEquals(plain, RecordCodec.readCode(plainJson));
    }
}

package io.mcpoauth.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact line of each kind of record, byte for byte: exports written by any release import into any other, so
 * a line's members, their order and their forms never change with the Java records behind them. Lines written by
 * earlier releases (without later members) still read.
 */
class ExportLineFormatTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

    private static final SubjectAttributes ATTRIBUTES = new SubjectAttributes("alice@example.com",
            List.of("Domain Admins", "Ingénierie", "cn=ops,ou=groups"), "https://idp.example.com");

    /** A field added to a store record but to no layout would be dropped by every export, silently. */
    @Test
    void layoutWhenComparedWithItsRecordThenEveryComponentIsAMember() {
        for (RecordKind<?> kind : RecordKind.ALL) {
            Set<String> members = kind.layout().members().stream().map(Layout.Member::name)
                    .collect(Collectors.toSet());
            assertEquals(components(kind.type(), members), members, kind.name());
        }
    }

    /** The names of a record's components, one of a record type that is no member counted by its own. */
    private static Set<String> components(Class<?> type, Set<String> members) {
        Set<String> names = new HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord() && !members.contains(c.getName())) {
                names.addAll(components(c.getType(), members));
            } else {
                names.add(c.getName());
            }
        }
        return names;
    }

    private static void assertLine(String kind, Record record, String line) {
        assertEquals(line, JsonLines.record(RecordKind.named(kind).orElseThrow(), record));
        assertEquals(record, read(line));
    }

    private static Record read(String line) {
        JsonLines.Item item = (JsonLines.Item) JsonLines.parse(line);
        return item.record();
    }

    private static String refused(String line) {
        return assertThrows(IllegalArgumentException.class, () -> JsonLines.parse(line)).getMessage();
    }

    @Test
    void clientWhenWrittenThenExactLine() {
        assertLine("client", new ClientRecord("app", "App \"1\"", "sha256:abc", ClientAuthMethod.CLIENT_SECRET_POST,
                List.of("http://b.example/cb", "http://127.0.0.1/cb"), Set.of("z", "m", "a"),
                Set.of(GrantType.REFRESH_TOKEN, GrantType.AUTHORIZATION_CODE), T, T.plusSeconds(86400)),
                "{\"type\":\"client\",\"clientId\":\"app\",\"name\":\"App \\\"1\\\"\",\"secretHash\":\"sha256:abc\","
                + "\"authMethod\":\"client_secret_post\",\"redirectUris\":[\"http://b.example/cb\","
                + "\"http://127.0.0.1/cb\"],\"scopes\":[\"a\",\"m\",\"z\"],\"grantTypes\":[\"authorization_code\","
                + "\"refresh_token\"],\"createdAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"expiresAt\":\"2026-01-03T03:04:05.678Z\",\"keys\":{\"jwks\":\"\",\"jwksUri\":\"\","
                + "\"algorithms\":[]}}");
        assertLine("client", new ClientRecord("signer", "Signer", "", ClientAuthMethod.PRIVATE_KEY_JWT,
                List.of("https://app.example.com/cb"), Set.of(), Set.of(GrantType.CLIENT_CREDENTIALS), T, null,
                ClientKeys.inline("{\"keys\":[]}", Set.of("RS256", "ES256"))),
                "{\"type\":\"client\",\"clientId\":\"signer\",\"name\":\"Signer\",\"secretHash\":\"\","
                + "\"authMethod\":\"private_key_jwt\",\"redirectUris\":[\"https://app.example.com/cb\"],"
                + "\"scopes\":[],\"grantTypes\":[\"client_credentials\"],\"createdAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"keys\":{\"jwks\":\"{\\\"keys\\\":[]}\",\"jwksUri\":\"\",\"algorithms\":[\"ES256\",\"RS256\"]}}");
    }

    @Test
    void consentWhenWrittenThenExactLine() {
        assertLine("consent", new ConsentRecord("alice", "app", Set.of("b", "a"),
                List.of("https://x.example", "https://a.example"), List.of("http://127.0.0.1:5000/cb"), T,
                T.plusSeconds(3600)),
                "{\"type\":\"consent\",\"subject\":\"alice\",\"clientId\":\"app\",\"scopes\":[\"a\",\"b\"],"
                + "\"resources\":[\"https://x.example\",\"https://a.example\"],"
                + "\"redirectUris\":[\"http://127.0.0.1:5000/cb\"],\"grantedAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"expiresAt\":\"2026-01-02T04:04:05.678Z\"}");
    }

    @Test
    void revokedGrantWhenWrittenThenExactLine() {
        assertLine("revoked_grant", new RevokedGrant("g-1", T.plusSeconds(60)),
                "{\"type\":\"revoked_grant\",\"grantId\":\"g-1\",\"keepUntil\":\"2026-01-02T03:05:05.678Z\"}");
    }

    @Test
    void refreshTokenWhenWrittenThenExactLine() {
        assertLine("refresh_token", new RefreshTokenRecord("rh", new Grant("g-1", "app", "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp", "https://a.example"),
                ATTRIBUTES), T.plusSeconds(10), T.plusSeconds(86400), true, T),
                "{\"type\":\"refresh_token\",\"tokenHash\":\"rh\",\"grantId\":\"g-1\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"mcp:tools offline_access\","
                + "\"resources\":[\"https://mcp.example.com/mcp\",\"https://a.example\"],"
                + "\"issuedAt\":\"2026-01-02T03:04:15.678Z\",\"expiresAt\":\"2026-01-03T03:04:05.678Z\","
                + "\"rotated\":true,\"attributes\":{\"email\":\"alice@example.com\",\"groups\":[\"Domain Admins\","
                + "\"Ingénierie\",\"cn=ops,ou=groups\"],\"idp\":\"https://idp.example.com\"},"
                + "\"grantStartedAt\":\"2026-01-02T03:04:05.678Z\"}");
        assertLine("refresh_token", new RefreshTokenRecord("rh2", new Grant("g-2", "app", "app", Scope.of("mcp:tools"),
                List.of()), T, T.plusSeconds(60), false),
                "{\"type\":\"refresh_token\",\"tokenHash\":\"rh2\",\"grantId\":\"g-2\",\"clientId\":\"app\","
                + "\"subject\":\"app\",\"scope\":\"mcp:tools\",\"resources\":[],"
                + "\"issuedAt\":\"2026-01-02T03:04:05.678Z\",\"expiresAt\":\"2026-01-02T03:05:05.678Z\","
                + "\"rotated\":false,\"attributes\":{\"email\":\"\",\"groups\":[],\"idp\":\"\"},"
                + "\"grantStartedAt\":\"2026-01-02T03:04:05.678Z\"}");
    }

    @Test
    void accessTokenWhenWrittenThenExactLine() {
        assertLine("access_token", new AccessTokenRecord("ah", new Grant("g-1", "app", "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp"), ATTRIBUTES), T,
                T.plusSeconds(3600)),
                "{\"type\":\"access_token\",\"tokenHash\":\"ah\",\"grantId\":\"g-1\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"mcp:tools offline_access\","
                + "\"resources\":[\"https://mcp.example.com/mcp\"],\"issuedAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"expiresAt\":\"2026-01-02T04:04:05.678Z\",\"attributes\":{\"email\":\"alice@example.com\","
                + "\"groups\":[\"Domain Admins\",\"Ingénierie\",\"cn=ops,ou=groups\"],"
                + "\"idp\":\"https://idp.example.com\"}}");
        assertLine("access_token", new AccessTokenRecord("ah2", new Grant("g-2", "app", "app", Scope.of("mcp:read"),
                List.of()), T, T.plusSeconds(60)),
                "{\"type\":\"access_token\",\"tokenHash\":\"ah2\",\"grantId\":\"g-2\",\"clientId\":\"app\","
                + "\"subject\":\"app\",\"scope\":\"mcp:read\",\"resources\":[],"
                + "\"issuedAt\":\"2026-01-02T03:04:05.678Z\",\"expiresAt\":\"2026-01-02T03:05:05.678Z\","
                + "\"attributes\":{\"email\":\"\",\"groups\":[],\"idp\":\"\"}}");
    }

    /** A line from before grants had a start, identity providers were kept, or the rotation flag was written. */
    @Test
    void refreshTokenWhenExportedByAnEarlierReleaseThenReadWithDefaults() {
        String line = "{\"type\":\"refresh_token\",\"tokenHash\":\"rh\",\"grantId\":\"g-1\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"mcp:tools offline_access\","
                + "\"resources\":[\"https://mcp.example.com/mcp\"],\"issuedAt\":\"2026-01-02T03:04:15.678Z\","
                + "\"expiresAt\":\"2026-01-03T03:04:05.678Z\",\"attributes\":{\"email\":\"alice@example.com\","
                + "\"groups\":[\"ops\"]}}";
        assertEquals(new RefreshTokenRecord("rh", new Grant("g-1", "app", "alice",
                Scope.parse("mcp:tools offline_access"), List.of("https://mcp.example.com/mcp"),
                SubjectAttributes.of("alice@example.com", List.of("ops"))), T.plusSeconds(10), T.plusSeconds(86400),
                false, T.plusSeconds(10)), read(line));
    }

    @Test
    void accessTokenWhenExportedBeforeIdentityProvidersThenReadWithoutOne() {
        String line = "{\"type\":\"access_token\",\"tokenHash\":\"ah\",\"grantId\":\"g-1\",\"clientId\":\"app\","
                + "\"subject\":\"alice\",\"scope\":\"mcp:tools\",\"resources\":[],"
                + "\"issuedAt\":\"2026-01-02T03:04:05.678Z\",\"expiresAt\":\"2026-01-02T04:04:05.678Z\","
                + "\"attributes\":{\"email\":\"\",\"groups\":[]}}";
        assertEquals(new AccessTokenRecord("ah", new Grant("g-1", "app", "alice", Scope.of("mcp:tools"), List.of()), T,
                T.plusSeconds(3600)), read(line));
    }

    private static final String ACCESS = "{\"type\":\"access_token\",\"tokenHash\":\"ah\",\"grantId\":\"g-1\","
            + "\"clientId\":\"app\",\"subject\":\"alice\",\"scope\":\"mcp:tools\",\"resources\":[],"
            + "\"issuedAt\":\"2026-01-02T03:04:05.678Z\",\"expiresAt\":\"2026-01-02T04:04:05.678Z\","
            + "\"attributes\":{\"email\":\"\",\"groups\":[]}}";

    @Test
    void tokenWhenAMemberIsMissingThenRefusedNamingIt() {
        assertEquals("member \"tokenHash\" is missing", refused(ACCESS.replace("\"tokenHash\":\"ah\",", "")));
        assertEquals("member \"grantId\" is missing", refused(ACCESS.replace("\"grantId\":\"g-1\",", "")));
        assertEquals("member \"clientId\" is missing", refused(ACCESS.replace("\"clientId\":\"app\",", "")));
        assertEquals("member \"subject\" is missing", refused(ACCESS.replace("\"subject\":\"alice\",", "")));
        assertEquals("member \"scope\" is missing", refused(ACCESS.replace("\"scope\":\"mcp:tools\",", "")));
        assertEquals("member \"issuedAt\" is missing",
                refused(ACCESS.replace("\"issuedAt\":\"2026-01-02T03:04:05.678Z\",", "")));
        assertEquals("member \"attributes\" is missing",
                refused(ACCESS.replace(",\"attributes\":{\"email\":\"\",\"groups\":[]}", "")));
        assertEquals("a required member is missing", refused(ACCESS.replace("\"resources\":[]",
                "\"resources\":[null]")));
    }

    @Test
    void tokenWhenAMemberHasTheWrongFormThenRefusedNamingIt() {
        assertEquals("member \"scope\" is not an object of the expected members",
                refused(ACCESS.replace("\"mcp:tools\"", "5")));
        assertEquals("member \"resources\" is not an array of the expected values",
                refused(ACCESS.replace("\"resources\":[]", "\"resources\":5")));
        assertEquals("member \"attributes\" is not an object of the expected members",
                refused(ACCESS.replace("\"groups\":[]", "\"groups\":[\"x\",\"x\"]")));
        assertEquals("member \"attributes\" is not an object of the expected members",
                refused(ACCESS.replace("\"email\":\"\"", "\"email\":\"\",\"x\":1")));
        assertEquals("unknown member \"grant\"", refused(ACCESS.replace("\"tokenHash\"",
                "\"grant\":{},\"tokenHash\"")));
        assertEquals("member \"rotated\" is not a boolean", refused(ACCESS.replace("access_token", "refresh_token")
                .replace("\"attributes\"", "\"rotated\":\"yes\",\"attributes\"")));
    }
}

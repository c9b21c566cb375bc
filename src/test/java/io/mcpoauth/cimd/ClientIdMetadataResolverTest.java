package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.CimdSettings;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.MutableClock;
import io.mcpoauth.store.ClientRecord;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientIdMetadataResolverTest {

    private static TestHttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestHttpsServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CimdSettings settings(boolean allowPrivate) {
        return new CimdSettings(true, allowPrivate, 4096, Duration.ofSeconds(5), Duration.ofMinutes(1),
                Duration.ofHours(24));
    }

    private static ClientIdMetadataResolver resolver(boolean allowPrivate, Clock clock) {
        return new ClientIdMetadataResolver(settings(allowPrivate), server.client(), clock);
    }

    private static String doc(String clientId, String extra) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Doc App\","
                + "\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"]" + extra + "}";
    }

    private static String reason(String path, String body, Map<String, String> headers, int status) {
        String url = server.url(path);
        server.serve(path, status, body.replace("SELF", url), headers);
        OAuthException e = assertThrows(OAuthException.class,
                () -> resolver(true, Clock.systemUTC()).resolve(url));
        assertEquals("invalid_client", e.error().code());
        return e.description();
    }

    @Test
    void resolveWhenValidDocumentThenPublicClient() {
        String url = server.url("/apps/good.json");
        server.serve("/apps/good.json", 200, doc(url, ",\"scope\":\"mcp:read\""), Map.of());
        ClientRecord c = resolver(true, Clock.systemUTC()).resolve(url);
        assertEquals(url, c.clientId());
        assertEquals("Doc App", c.name());
        assertTrue(c.isPublic());
        assertEquals(List.of("http://127.0.0.1:7777/cb"), c.redirectUris());
        assertEquals(java.util.Set.of("mcp:read"), c.scopes());
    }

    @Test
    void resolveWhenDocumentInvalidThenRejectedWithReason() {
        assertTrue(reason("/a.json", doc("https://elsewhere.example/a.json", ""), Map.of(), 200).contains("differs"));
        assertTrue(reason("/b.json", "{\"client_id\":\"SELF\",\"redirect_uris\":[\"https://x.example/cb\"]}",
                Map.of(), 200).contains("client_name"));
        assertTrue(reason("/c.json", "{\"client_id\":\"SELF\",\"client_name\":\"x\"}", Map.of(), 200)
                .contains("redirect_uris"));
        assertTrue(reason("/d.json", doc("SELF", ",\"token_endpoint_auth_method\":\"client_secret_basic\""),
                Map.of(), 200).contains("none"));
        assertTrue(reason("/e.json", "[1,2]", Map.of(), 200).contains("object"));
        assertTrue(reason("/f.json", "{\"client_id\":\"SELF\",\"client_name\":\"x\",\"redirect_uris\":"
                + "[\"http://evil.example/cb\"]}", Map.of(), 200).contains("https"));
        assertTrue(reason("/g.json", doc("SELF", ",\"pad\":\"" + "x".repeat(5000) + "\""), Map.of(), 200)
                .contains("larger"));
        assertTrue(reason("/h.json", "", Map.of("Location", server.url("/apps/good.json")), 302).contains("302"));
        assertTrue(reason("/i.json", "not json", Map.of(), 200).contains("JSON"));
    }

    @Test
    void resolveWhenTargetIsLoopbackAndPrivateNotAllowedThenRefusedWithoutFetching() {
        String url = server.url("/private.json");
        server.serve("/private.json", 200, doc(url, ""), Map.of());
        int before = server.requests.get();
        OAuthException e = assertThrows(OAuthException.class, () -> resolver(false, Clock.systemUTC()).resolve(url));
        assertTrue(e.description().contains("non-public"));
        assertEquals(before, server.requests.get(), "no request left the server");
    }

    @Test
    void resolveWhenCachedThenFetchedOnceUntilMaxAgePasses() {
        String url = server.url("/cached.json");
        server.serve("/cached.json", 200, doc(url, ""), Map.of("Cache-Control", "max-age=600"));
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ClientIdMetadataResolver r = resolver(true, clock);
        int before = server.requests.get();
        r.resolve(url);
        r.resolve(url);
        clock.advance(Duration.ofSeconds(599));
        r.resolve(url);
        assertEquals(before + 1, server.requests.get());
        clock.advance(Duration.ofSeconds(2));
        r.resolve(url);
        assertEquals(before + 2, server.requests.get());
    }

    @Test
    void checkUrlWhenNotHttpsWithPathThenRefused() {
        for (String bad : List.of("http://a.example/c.json", "https://a.example", "https://a.example/",
                "https://a.example/c.json#x", "https://u:p@a.example/c.json", "https://a.example/x/../c.json")) {
            assertThrows(MetadataDocumentException.class, () -> ClientIdMetadataResolver.checkUrl(bad), bad);
        }
        assertEquals("/c.json", ClientIdMetadataResolver.checkUrl("https://a.example/c.json").getPath());
    }

    @Test
    void isPublicWhenPrivateLoopbackLinkLocalOrMappedThenFalse() throws Exception {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "fd12::1", "::ffff:127.0.0.1", "224.0.0.1")) {
            assertFalse(AddressGuard.isPublic(InetAddress.getByName(a)), a);
        }
        for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111")) {
            assertTrue(AddressGuard.isPublic(InetAddress.getByName(a)), a);
        }
    }
}

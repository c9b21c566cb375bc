package io.mcpoauth.cimd;

import static io.mcpoauth.cimd.TestCimd.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.audit.LogText;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.MutableClock;
import io.mcpoauth.store.ClientRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class ClientIdMetadataResolverTest {

    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    private static ClientIdMetadataResolver resolver(boolean allowPrivate, Clock clock) {
        return new ClientIdMetadataResolver(TestCimd.settings(allowPrivate), server.client(), clock);
    }

    /**
     * Serves {@code body} at {@code path}, resolves it twice and returns what was logged: the caller sees only
     * the generic error, both times, and the second answer comes from the cache.
     */
    private static String rejected(String path, String body, Map<String, String> headers, int status) {
        String url = server.url(path);
        server.serve(path, status, body.replace("SELF", url), headers);
        ClientIdMetadataResolver r = resolver(true, Clock.systemUTC());
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            OAuthException e = assertThrows(OAuthException.class, () -> r.resolve(url));
            assertEquals("invalid_client", e.error().code());
            assertEquals(ClientIdMetadataResolver.UNUSABLE, e.description(), "nothing of what the fetch got");
            int requests = server.requests.get();
            OAuthException again = assertThrows(OAuthException.class, () -> r.resolve(url));
            assertEquals(ClientIdMetadataResolver.UNUSABLE, again.description());
            assertEquals(requests, server.requests.get(), path + ": the failure is cached");
            return log.all();
        }
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

    /** In the container the factory handed in is the container's: the fetch and its watchdog both come from it. */
    @Test
    void resolveWhenThreadFactoryGivenThenFetchAndDeadlineRunOnItsThreads() {
        String url = server.url("/apps/managed.json");
        server.serve("/apps/managed.json", 200, doc(url, ""), Map.of());
        List<String> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ThreadFactory given = r -> {
            Thread t = new Thread(r, "given-" + made.size());
            t.setDaemon(true);
            made.add(t.getName());
            return t;
        };
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(TestCimd.settings(true), server.client(),
                Clock.systemUTC(), given);
        assertEquals(url, r.resolve(url).clientId());
        assertEquals(2, made.size(), "one fetch thread and one deadline watchdog, both from the factory: " + made);
    }

    @Test
    void resolveWhenDocumentInvalidThenGenericErrorCachedAndReasonLogged() {
        assertTrue(rejected("/a.json", doc("https://elsewhere.example/a.json", ""), Map.of(), 200).contains("differs"));
        assertTrue(rejected("/b.json", "{\"client_id\":\"SELF\",\"redirect_uris\":[\"https://x.example/cb\"]}",
                Map.of(), 200).contains("client_name"));
        assertTrue(rejected("/c.json", "{\"client_id\":\"SELF\",\"client_name\":\"x\"}", Map.of(), 200)
                .contains("redirect_uris"));
        assertTrue(rejected("/d.json", doc("SELF", ",\"token_endpoint_auth_method\":\"client_secret_basic\""),
                Map.of(), 200).contains("none"));
        assertTrue(rejected("/e.json", "[1,2]", Map.of(), 200).contains("object"));
        assertTrue(rejected("/f.json", "{\"client_id\":\"SELF\",\"client_name\":\"x\",\"redirect_uris\":"
                + "[\"http://evil.example/cb\"]}", Map.of(), 200).contains("https"));
        assertTrue(rejected("/g.json", doc("SELF", ",\"pad\":\"" + "x".repeat(5000) + "\""), Map.of(), 200)
                .contains("larger"));
        assertTrue(rejected("/h.json", "", Map.of("Location", server.url("/apps/good.json")), 302).contains("302"));
        assertTrue(rejected("/i.json", "not json", Map.of(), 200).contains("JSON"));
        assertTrue(rejected("/j.json", "", Map.of(), 404).contains("404"));
        assertTrue(rejected("/k.json", "[".repeat(4000), Map.of(), 200).contains("nested"));
    }

    @Test
    void resolveWhenTargetIsLoopbackAndPrivateNotAllowedThenRefusedWithoutFetching() {
        String url = server.url("/private.json");
        server.serve("/private.json", 200, doc(url, ""), Map.of());
        int before = server.requests.get();
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            OAuthException e = assertThrows(OAuthException.class,
                    () -> resolver(false, Clock.systemUTC()).resolve(url));
            assertEquals(ClientIdMetadataResolver.UNUSABLE, e.description());
            assertTrue(log.all().contains("non-public"), log.all());
        }
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
    void resolveWhenUrlLongerThanCapThenRefusedUnfetchedUncachedUnlogged() {
        ClientIdMetadataResolver r = resolver(true, Clock.systemUTC());
        String huge = server.url("/" + "a".repeat(5_000_000));
        int before = server.requests.get();
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            OAuthException e = assertThrows(OAuthException.class, () -> r.resolve(huge));
            assertEquals("invalid_request", e.error().code());
            assertTrue(e.description().length() < 100);
            assertEquals(List.of(), log.messages());
        }
        assertEquals(before, server.requests.get(), "not fetched");
        assertEquals(0, r.cachedBytes(), "not cached");
    }

    @Test
    void resolveWhenUrlAtCapThenFetchedAndLoggedTruncated() {
        ClientIdMetadataResolver r = resolver(true, Clock.systemUTC());
        String prefix = server.url("/");
        String longest = prefix + "b".repeat(ClientIdMetadataResolver.MAX_URL_LENGTH - prefix.length());
        int before = server.requests.get();
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            assertThrows(OAuthException.class, () -> r.resolve(longest));
            assertEquals(1, log.messages().size());
            assertTrue(log.all().length() < 600, "the URL is truncated in the log: " + log.all());
            assertTrue(log.all().contains("...(" + (ClientIdMetadataResolver.MAX_URL_LENGTH - LogText.MAX)
                    + " more characters)"), log.all());
        }
        assertEquals(before + 1, server.requests.get(), "a URL at the cap is fetched");
    }

    @Test
    void resolveWhenManyLongUrlsFailThenCacheStaysWithinItsBytes() {
        long budget = 64 * 1024;
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(TestCimd.settings(Duration.ofSeconds(5), 16, 2,
                budget), server.client(), Clock.systemUTC());
        String prefix = server.url("/");
        for (int i = 0; i < 40; i++) {
            String url = prefix + i + "c".repeat(1900);
            assertThrows(OAuthException.class, () -> r.resolve(url));
            assertTrue(r.cachedBytes() <= budget, "cache within its bytes: " + r.cachedBytes());
        }
        assertTrue(r.cachedBytes() > 0);
    }

    @Test
    void checkUrlWhenNotHttpsWithPathThenRefused() {
        for (String bad : List.of("http://a.example/c.json", "https://a.example", "https://a.example/",
                "https://a.example/c.json#x", "https://u:p@a.example/c.json", "https://a.example/x/../c.json",
                "https://a.example/c\u00e9.json", "https://a.example/c.json\r\nX: y")) {
            assertThrows(MetadataDocumentException.class, () -> ClientIdMetadataResolver.checkUrl(bad), bad);
        }
        assertEquals("/c.json", ClientIdMetadataResolver.checkUrl("https://a.example/c.json").getPath());
    }

    @Test
    void resolveWhenUrlMalformedThenSaysWhyWithoutFetching() {
        OAuthException e = assertThrows(OAuthException.class,
                () -> resolver(true, Clock.systemUTC()).resolve("https://a.example/"));
        assertEquals("invalid_client", e.error().code());
        assertTrue(e.description().contains("path"), e.description());
        assertFalse(e.description().contains(ClientIdMetadataResolver.UNUSABLE));
    }
}

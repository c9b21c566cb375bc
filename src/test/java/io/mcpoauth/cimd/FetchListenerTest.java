package io.mcpoauth.cimd;

import static io.mcpoauth.cimd.TestCimd.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.cimd.FetchListener.Kind;
import io.mcpoauth.cimd.FetchListener.Outcome;
import io.mcpoauth.protocol.OAuthException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Each fetch of a document or key set is told once, with the outcome it had; cached answers are not fetches. */
class FetchListenerTest {

    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    /** What the listener was told, kind and outcome, and whether a time came with it. */
    private record Told(Kind kind, Outcome outcome, boolean timed) {
    }

    private final List<Told> told = new CopyOnWriteArrayList<>();
    private final FetchListener listener = (kind, outcome, nanos) -> told.add(new Told(kind, outcome, nanos >= 0));

    private ClientIdMetadataResolver resolver(boolean allowPrivate) {
        return new ClientIdMetadataResolver(TestCimd.settings(allowPrivate), server.client(), Clock.systemUTC(),
                listener);
    }

    private KeySetFetcher keySets(boolean allowPrivate) {
        return new KeySetFetcher(TestCimd.settings(allowPrivate), server.client(), r -> {
            Thread t = new Thread(r, "test-jwks-fetch");
            t.setDaemon(true);
            return t;
        }, listener);
    }

    private static String served(String path, int status, String body) {
        String url = server.url(path);
        server.serve(path, status, body.replace("SELF", url), Map.of());
        return url;
    }

    @Test
    void resolveWhenFetchedThenOneOkAndCachedAnswerNotCounted() {
        String url = served("/count/ok.json", 200, doc("SELF", ""));
        ClientIdMetadataResolver r = resolver(true);
        assertEquals(url, r.resolve(url).clientId());
        assertEquals(url, r.resolve(url).clientId());
        assertEquals(List.of(new Told(Kind.DOCUMENT, Outcome.OK, true)), told);
    }

    @Test
    void resolveWhenDocumentFailsThenOutcomeSaysHow() {
        ClientIdMetadataResolver r = resolver(true);
        String invalid = served("/count/invalid.json", 200, "not json");
        String large = served("/count/large.json", 200, doc("SELF", ",\"pad\":\"" + "x".repeat(5000) + "\""));
        String missing = served("/count/missing.json", 404, "");
        for (String url : List.of(invalid, large, missing)) {
            assertThrows(OAuthException.class, () -> r.resolve(url));
            assertThrows(OAuthException.class, () -> r.resolve(url), "cached failure, not a fetch");
        }
        assertEquals(List.of(new Told(Kind.DOCUMENT, Outcome.INVALID, true),
                new Told(Kind.DOCUMENT, Outcome.TOO_LARGE, true),
                new Told(Kind.DOCUMENT, Outcome.FAILED, true)), told);
    }

    @Test
    void resolveWhenAddressNotPublicThenRefused() {
        String url = served("/count/private.json", 200, doc("SELF", ""));
        int before = server.requests.get();
        assertThrows(OAuthException.class, () -> resolver(false).resolve(url));
        assertEquals(before, server.requests.get());
        assertEquals(List.of(new Told(Kind.DOCUMENT, Outcome.REFUSED, true)), told);
    }

    @Test
    void resolveWhenDeadlinePassesThenTimeout() {
        String url = server.url("/count/slow.json");
        server.handle("/count/slow.json", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client hung up, as it should
            }
        });
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(
                TestCimd.settings(Duration.ofMillis(500), 16, 2, 1 << 20), server.client(), Clock.systemUTC(),
                listener);
        assertThrows(OAuthException.class, () -> r.resolve(url));
        assertEquals(List.of(new Told(Kind.DOCUMENT, Outcome.TIMEOUT, true)), told);
    }

    @Test
    void resolveWhenNoFetchSlotThenBusyUntimed() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String held = server.url("/count/held.json");
        server.handle("/count/held.json", exchange -> {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = doc(held, "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        String other = served("/count/other.json", 200, doc("SELF", ""));
        ClientIdMetadataResolver r = new ClientIdMetadataResolver(
                TestCimd.settings(Duration.ofSeconds(30), 16, 1, 1 << 20), server.client(), Clock.systemUTC(),
                listener);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> r.resolve(held).clientId());
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        OAuthException busy = assertThrows(OAuthException.class, () -> r.resolve(other));
        assertEquals("temporarily_unavailable", busy.error().code());
        release.countDown();
        assertEquals(held, first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(new Told(Kind.DOCUMENT, Outcome.BUSY, false),
                new Told(Kind.DOCUMENT, Outcome.OK, true)), told);
    }

    @Test
    void retrieveKeySetWhenTheFetchNeverStartsBeforeTheDeadlineThenTheHostsSlotComesBack() throws Exception {
        String keys = served("/count/slow-start-jwks.json", 200, "{\"keys\":[]}");
        // Every thread starts its work only after the deadline (and its grace) has passed: the caller gives up on
        // a fetch that has not started. With one slot per host, a slot lost then would make the next call busy.
        KeySetFetcher late = new KeySetFetcher(TestCimd.settings(Duration.ofMillis(200), 16, 1, 1 << 20),
                server.client(), r -> {
                    Thread t = new Thread(() -> {
                        try {
                            Thread.sleep(1500);
                        } catch (InterruptedException e) {
                            return;
                        }
                        r.run();
                    }, "test-late-jwks-fetch");
                    t.setDaemon(true);
                    return t;
                }, listener);
        assertThrows(IOException.class, () -> late.retrieveResource(new URL(keys)));
        assertThrows(IOException.class, () -> late.retrieveResource(new URL(keys)));
        assertEquals(List.of(new Told(Kind.JWKS, Outcome.TIMEOUT, false), new Told(Kind.JWKS, Outcome.TIMEOUT, false)),
                told);
    }

    @Test
    void retrieveKeySetThenOkTooLargeAndRefusedTold() throws Exception {
        String keys = served("/count/jwks.json", 200, "{\"keys\":[]}");
        String huge = served("/count/huge-jwks.json", 200, "{\"keys\":[],\"pad\":\""
                + "x".repeat(KeySetFetcher.MAX_BYTES) + "\"}");
        KeySetFetcher loopbackAllowed = keySets(true);
        assertEquals("{\"keys\":[]}", loopbackAllowed.retrieveResource(new URL(keys)).getContent());
        assertThrows(IOException.class, () -> loopbackAllowed.retrieveResource(new URL(huge)));
        assertThrows(IOException.class, () -> keySets(false).retrieveResource(new URL(keys)));
        assertEquals(List.of(new Told(Kind.JWKS, Outcome.OK, true), new Told(Kind.JWKS, Outcome.TOO_LARGE, true),
                new Told(Kind.JWKS, Outcome.REFUSED, true)), told);
    }
}

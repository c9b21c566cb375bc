package io.mcpoauth.cimd;

import static io.mcpoauth.cimd.TestCimd.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Race;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or slow document server can make a resolution cost: one deadline for the whole fetch, one
 * fetch per URL however many callers, a bounded number of fetches in flight. The servers here are on loopback.
 */
class FetchBoundsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** Far more than the deadline and the scheduling of a loaded machine, far less than the slow server. */
    private static final Duration SLACK = Duration.ofSeconds(8);
    @AutoClose
    private static final TestHttpsServer server = TestHttpsServer.on("127.0.0.1");

    private static ClientIdMetadataResolver resolver(Duration deadline, int maxFetches, int perHost) {
        return new ClientIdMetadataResolver(TestCimd.settings(deadline, maxFetches, perHost, 1 << 20),
                server.client(), Clock.systemUTC());
    }

    /** Headers at once, then one byte of whitespace every 200 ms for a minute (unless the client leaves). */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 300; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up, as it should
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void await(CountDownLatch latch, long seconds) {
        try {
            latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A document whose server holds the fetch until {@link #release} counts down. */
    private record Held(String url, CountDownLatch holding, CountDownLatch release) {

        /** Starts resolving the document and returns once its server holds the fetch. */
        CompletableFuture<ClientRecord> resolving(ClientIdMetadataResolver r) throws InterruptedException {
            CompletableFuture<ClientRecord> fetch = CompletableFuture.supplyAsync(() -> r.resolve(url));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            return fetch;
        }
    }

    private static Held held(String path) {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String url = server.url(path);
        server.handle(path, exchange -> {
            holding.countDown();
            await(release, 30);
            respond(exchange, doc(url, ""));
        });
        return new Held(url, holding, release);
    }

    /** A document served under {@code 127.0.0.1}, a host other than the {@code localhost} of {@code server.url}. */
    private static String servedOnOtherHost(String path) {
        String url = "https://127.0.0.1:" + server.port() + path;
        server.serve(path, 200, doc(url, ""), java.util.Map.of());
        return url;
    }

    @Test
    void resolveWhenBodyTricklesThenEveryCallerCutAtTheDeadlineByOneCachedFailure() throws Exception {
        server.handle("/trickle.json", FetchBoundsTest::trickle);
        String url = server.url("/trickle.json");
        ClientIdMetadataResolver r = resolver(DEADLINE, 16, 2);
        int before = server.requests.get();
        try (Race race = new Race(4); LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            List<Exception> outcomes = assertTimeoutPreemptively(DEADLINE.plus(SLACK), () -> race.run(i -> {
                try {
                    r.resolve(url);
                    return null;
                } catch (OAuthException e) {
                    return e;
                }
            }));
            for (Exception e : outcomes) {
                OAuthException refused = assertInstanceOf(OAuthException.class, e);
                assertEquals("invalid_client", refused.error().code());
                assertEquals(ClientIdMetadataResolver.UNUSABLE, refused.description());
            }
            assertEquals(before + 1, server.requests.get(), "one fetch for all callers");
            assertTrue(log.all().contains("did not finish"), log.all());
        }
        OAuthException cached = assertThrows(OAuthException.class, () -> r.resolve(url));
        assertEquals(ClientIdMetadataResolver.UNUSABLE, cached.description());
        assertEquals(before + 1, server.requests.get(), "the timeout is cached");
        assertEquals(0, r.fetchesInFlight(), "the fetch gave its slot back");
    }

    @Test
    void resolveWhenServerNeverAnswersTheHandshakeThenCutAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String url = "https://127.0.0.1:" + silent.getLocalPort() + "/silent.json";
            ClientIdMetadataResolver r = resolver(DEADLINE, 16, 2);
            OAuthException e = assertTimeoutPreemptively(DEADLINE.plus(SLACK),
                    () -> assertThrows(OAuthException.class, () -> r.resolve(url)));
            assertEquals(ClientIdMetadataResolver.UNUSABLE, e.description());
        }
    }

    @Test
    void resolveWhenManyCallersAtOnceThenOneFetchServesThemAll() throws Exception {
        int callers = 8;
        String url = server.url("/shared.json");
        CountDownLatch arrived = new CountDownLatch(callers);
        server.handle("/shared.json", exchange -> {
            arrived.countDown();
            await(arrived, 2); // holds the answer until every caller could have asked for it
            respond(exchange, doc(url, ""));
        });
        ClientIdMetadataResolver r = resolver(Duration.ofSeconds(10), 16, 2);
        int before = server.requests.get();
        try (Race race = new Race(callers)) {
            List<ClientRecord> clients = race.run(i -> r.resolve(url));
            clients.forEach(c -> assertEquals(url, c.clientId()));
        }
        assertEquals(before + 1, server.requests.get());
    }

    @Test
    void resolveWhenHostHasNoFreeSlotThenRefusedAtOnceUncachedOtherHostsServed() throws Exception {
        Held slow = held("/held.json");
        String sameHost = server.url("/same-host.json");
        server.serve("/same-host.json", 200, doc(sameHost, ""), java.util.Map.of());
        String otherHost = servedOnOtherHost("/other-host.json");
        ClientIdMetadataResolver r = resolver(Duration.ofSeconds(30), 16, 1);

        CompletableFuture<ClientRecord> first = slow.resolving(r);
        OAuthException busy = assertThrows(OAuthException.class, () -> r.resolve(sameHost));
        assertEquals("temporarily_unavailable", busy.error().code());
        assertEquals(503, busy.error().httpStatus());
        assertFalse(first.isDone(), "refused while the slot was held, without waiting for it");
        assertEquals(otherHost, r.resolve(otherHost).clientId(), "another host has slots of its own");

        slow.release().countDown();
        assertEquals(slow.url(), first.get(10, TimeUnit.SECONDS).clientId());
        assertEquals(sameHost, r.resolve(sameHost).clientId(), "the refusal was not cached");
    }

    @Test
    void resolveWhenAllSlotsTakenThenRefusedAtOnce() throws Exception {
        Held slow = held("/held-all.json");
        String otherHost = servedOnOtherHost("/other-all.json");
        ClientIdMetadataResolver r = resolver(Duration.ofSeconds(30), 1, 1);

        CompletableFuture<ClientRecord> first = slow.resolving(r);
        OAuthException busy = assertThrows(OAuthException.class, () -> r.resolve(otherHost));
        assertEquals("temporarily_unavailable", busy.error().code());
        assertFalse(first.isDone());
        slow.release().countDown();
        assertEquals(slow.url(), first.get(10, TimeUnit.SECONDS).clientId());
        assertEquals(otherHost, r.resolve(otherHost).clientId());
    }

    @Test
    void resolveWhenBodyChunkedThenAssembled() {
        String url = server.url("/chunked.json");
        String body = doc(url, "");
        server.handle("/chunked.json", exchange -> {
            exchange.getResponseHeaders().add("Cache-Control", "max-age=60");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length(); i += 7) {
                    out.write(body.substring(i, Math.min(body.length(), i + 7)).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        assertEquals("Doc App", resolver(Duration.ofSeconds(5), 16, 2).resolve(url).name());
    }

    @Test
    void resolveWhenChunkedBodyExceedsLimitThenRefused() {
        String url = server.url("/big-chunked.json");
        server.handle("/big-chunked.json", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(" ".repeat(1000).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the client hung up at its limit
            }
        });
        try (LogCapture log = new LogCapture(ClientIdMetadataResolver.class)) {
            assertThrows(OAuthException.class, () -> resolver(Duration.ofSeconds(5), 16, 2).resolve(url));
            assertTrue(log.all().contains("larger"), log.all());
        }
    }
}

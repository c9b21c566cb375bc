package io.mcpoauth.hostile;

import io.mcpoauth.it.Pkce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Issue 13 item 1: a metadata document whose host sends headers, then one byte every two seconds, named as the
 * client id of {@link #WORKERS} concurrent {@code GET /authorize} requests (most for one URL, the rest for
 * distinct URLs on the same host), kept up until the legitimate client has been checked. While it lasts, metadata, health and a
 * legitimate grant must answer within seconds; every flood request must get an answer (a quick error, or one
 * at the server's fetch deadline) rather than hold a worker thread; the document host must see a bounded number
 * of fetches, not one per request.
 */
final class SlowDocumentFlood {

    static final String SCENARIO = "1 slow metadata document flood";
    /** Concurrent attackers, more than Payara Micro's 200 HTTP worker threads. */
    static final int WORKERS = 220;
    private static final int SHARED_URL_WORKERS = 190;
    /** The longest the flood lasts; it ends when the legitimate client's checks are done. */
    static final Duration FLOOD = Duration.ofSeconds(60);
    /** Each attacker starts at most one request per this interval (the flood is about holding, not rate). */
    private static final Duration PACE = Duration.ofSeconds(2);
    /** The longest a flood request may wait for its answer: far above the server's 5 s default fetch deadline. */
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(20);
    /**
     * The legitimate client is checked once this many fetches are held (what exhausts the unfixed server's
     * worker threads), or after {@link #BUILD_UP} when the server never lets that many start.
     */
    private static final int HELD_FOR_CHECK = 180;
    private static final Duration BUILD_UP = Duration.ofSeconds(15);
    /**
     * Fetches of the one shared URL: concurrent resolutions share a fetch and its failure is cached, so a
     * handful at most (one per deadline), where the unfixed server made one per request.
     */
    static final int MAX_SHARED_URL_FETCHES = 10;
    /** Fetches held open at once on the one host: bounded far below the server's worker threads. */
    static final int MAX_HELD_FETCHES = 20;
    private static final Logger LOG = Logger.getLogger(SlowDocumentFlood.class.getName());

    private final Target target;

    SlowDocumentFlood(Target target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    void run(Findings findings) throws Exception {
        try (SlowDocumentServer slow = new SlowDocumentServer(target.documents().keystore())) {
            String shared = slow.url("shared");
            RawHttp flood = target.attacker(ANSWER_LIMIT);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger unanswered = new AtomicInteger();
            List<String> unansweredExamples = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + FLOOD.toNanos();
            AtomicBoolean flooding = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS, smallThreads());
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                pool.execute(() -> {
                    for (int n = 0; flooding.get() && System.nanoTime() < end; n++) {
                        long begun = System.nanoTime();
                        String url = worker < SHARED_URL_WORKERS ? shared : slow.url("w" + worker + "-" + n);
                        RawHttp.Reply r = target.audit().check(SCENARIO, flood.send(authorize(url)));
                        sent.incrementAndGet();
                        if (r.status() < 0) {
                            unanswered.incrementAndGet();
                            synchronized (unansweredExamples) {
                                if (unansweredExamples.size() < 3) {
                                    unansweredExamples.add(ResponseAudit.line(r));
                                }
                            }
                        }
                        pause(begun + PACE.toNanos() - System.nanoTime());
                    }
                });
            }
            long checkAt = start + BUILD_UP.toNanos();
            while (slow.held() < HELD_FOR_CHECK && System.nanoTime() < checkAt) {
                pause(Duration.ofMillis(250).toNanos());
            }
            LegitimateClient legitimate = target.legitimate(SCENARIO);
            LOG.info(() -> "slow-document flood: " + slow.held() + " fetches held, checking the legitimate client");
            findings.attempt("metadata during the flood", legitimate::metadata);
            findings.attempt("health during the flood", legitimate::health);
            findings.attempt("legitimate grant during the flood", legitimate::grant);
            boolean duringFlood = System.nanoTime() < end;
            flooding.set(false);
            pool.shutdown();
            boolean finished = pool.awaitTermination(FLOOD.plus(ANSWER_LIMIT).plusSeconds(10).toSeconds(),
                    TimeUnit.SECONDS);
            // A fetch the server gave up on shows here at the next byte sent to it.
            long settle = System.nanoTime() + Duration.ofSeconds(3L * SlowDocumentServer.DRIP_SECONDS + 4).toNanos();
            while (slow.held() > 0 && System.nanoTime() < settle) {
                pause(Duration.ofMillis(500).toNanos());
            }
            int held = slow.held();
            slow.release();
            if (!finished) {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            LOG.info(() -> "slow-document flood: " + sent.get() + " requests, " + unanswered.get()
                    + " without an answer; " + slow.fetches() + " fetches (" + slow.fetches(shared)
                    + " of the shared URL), at most " + slow.maxHeld() + " held at once");
            if (!duringFlood) {
                findings.add("the legitimate checks ran past the flood's end: they prove nothing about it");
            }
            if (unanswered.get() > 0) {
                findings.add(unanswered.get() + " of " + sent.get() + " flood requests got no answer within "
                        + ANSWER_LIMIT.toSeconds() + " s (a held worker thread), e.g. " + unansweredExamples);
            }
            if (held > 0) {
                findings.add(held + " fetches of the slow document were still open when the flood was over: "
                        + "the fetch has no deadline of its own");
            }
            if (slow.fetches(shared) > MAX_SHARED_URL_FETCHES) {
                findings.add(slow.fetches(shared) + " fetches of one URL for concurrent requests (at most "
                        + MAX_SHARED_URL_FETCHES + " expected: concurrent resolutions share one, failures are cached)");
            }
            if (slow.maxHeld() > MAX_HELD_FETCHES) {
                findings.add(slow.maxHeld() + " fetches in flight at once to one host (at most " + MAX_HELD_FETCHES
                        + " expected)");
            }
        }
    }

    private static Request authorize(String clientId) {
        return Request.get("/authorize?response_type=code&client_id=" + Request.enc(clientId) + "&redirect_uri="
                + Request.enc(LegitimateClient.REDIRECT) + "&state=flood&scope=mcp%3Aread"
                + "&" + Pkce.PARAMETERS);
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Attacker threads with small stacks: 220 of them cost the test little. */
    private static java.util.concurrent.ThreadFactory smallThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "slow-document-flood-" + n.incrementAndGet(), 256 * 1024);
            t.setDaemon(true);
            return t;
        };
    }
}

package io.mcpoauth.hostile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The seeded fuzz pass (issue 13, "Done when"): {@link #REQUESTS} requests from {@link Fuzzer} over every
 * endpoint, sent by a small pool. No answer may be a 5xx other than 503 with {@code Retry-After} or show a
 * stack trace or a Java class name ({@link ResponseAudit}); every request must get an answer in time. The seed
 * is {@code -Dhostile.seed} or {@link #DEFAULT_SEED}, and is printed.
 */
final class FuzzPass {

    static final String SCENARIO = "4 fuzz";
    static final long DEFAULT_SEED = 20261201L;
    static final int REQUESTS = 3_000;
    private static final int THREADS = 6;
    private static final Duration ANSWER_LIMIT = Duration.ofSeconds(15);
    /** The pass stops early when this many requests in a row time out: the server has stopped answering. */
    private static final int HUNG_IN_A_ROW = 24;
    private static final Duration BUDGET = Duration.ofSeconds(150);
    private static final Logger LOG = Logger.getLogger(FuzzPass.class.getName());

    private final Target target;
    private final long seed;

    FuzzPass(Target target) {
        this.target = Objects.requireNonNull(target, "target");
        this.seed = Long.getLong("hostile.seed", DEFAULT_SEED);
    }

    long seed() {
        return seed;
    }

    void run(Findings findings, List<String> documents) throws InterruptedException {
        LOG.info(() -> "fuzz pass: seed " + seed + " (rerun with -Dhostile.seed=" + seed + "), " + REQUESTS
                + " requests, " + THREADS + " threads");
        List<Request> requests = new Fuzzer(seed, documents, target.server().adminToken()).requests(REQUESTS);
        RawHttp http = target.attacker(ANSWER_LIMIT);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger timedOutInARow = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (Request request : requests) {
            pool.execute(() -> {
                if (timedOutInARow.get() >= HUNG_IN_A_ROW || System.nanoTime() > deadline) {
                    return;
                }
                RawHttp.Reply r = target.audit().check(SCENARIO, http.send(request));
                sent.incrementAndGet();
                if (r.status() < 0 && r.failure().equals("timed out")) {
                    timedOut.incrementAndGet();
                    timedOutInARow.incrementAndGet();
                    target.audit().violation(SCENARIO, "no answer within " + ANSWER_LIMIT.toSeconds() + " s",
                            ResponseAudit.line(r));
                } else {
                    timedOutInARow.set(0);
                    if (r.status() < 0) {
                        closed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(BUDGET.plus(ANSWER_LIMIT).toSeconds(), TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        LOG.info(() -> "fuzz pass: " + sent.get() + " sent, " + timedOut.get() + " timed out, " + closed.get()
                + " connections closed without an answer");
        if (timedOutInARow.get() >= HUNG_IN_A_ROW) {
            findings.add("the server stopped answering: " + HUNG_IN_A_ROW + " requests in a row timed out");
        }
        if (sent.get() < requests.size()) {
            findings.add("only " + sent.get() + " of " + requests.size() + " requests were sent within "
                    + BUDGET.toSeconds() + " s");
        }
        findings.note("seed " + seed + " (rerun with -Dhostile.seed=" + seed + ")");
    }
}

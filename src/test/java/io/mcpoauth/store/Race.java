package io.mcpoauth.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Runs one task on many threads at once. Every thread is started and counted down on a latch, then waits on
 * a flag with {@link Thread#yield()} rather than parking, so that the threads leave the gate close together
 * (waking parked threads takes microseconds, long enough to hide a check-then-set race) without starving
 * each other on a machine with few cores. One instance serves many rounds.
 */
public final class Race implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    public Race(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    /** Calls {@code task.apply(i)} for i in [0, threads), all released together; results in order of i. */
    public <T> List<T> run(IntFunction<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        AtomicBoolean go = new AtomicBoolean();
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                ready.countDown();
                while (!go.get()) {
                    Thread.yield();
                }
                return task.apply(index);
            }));
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("threads did not start");
        }
        go.set(true);
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

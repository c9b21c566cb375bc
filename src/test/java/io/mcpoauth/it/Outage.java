package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The responses of a run through a storage outage: each is checked as it comes, and none may be a server error
 * other than 503 with {@code Retry-After} (what the README promises while storage is away).
 */
final class Outage {

    private final List<String> serverErrors = new ArrayList<>();

    /** Records the response (a 5xx other than 503 with {@code Retry-After} is kept for {@link #assertNo500}). */
    HttpResponse<String> seen(String what, HttpResponse<String> r) {
        boolean unavailable = r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent();
        if (r.statusCode() >= 500 && !unavailable) {
            synchronized (serverErrors) {
                serverErrors.add(what + " " + r.statusCode() + " " + r.body());
            }
        }
        return r;
    }

    /**
     * Repeats the call (each answer recorded) until it answers {@code expected} or the deadline ({@link
     * System#nanoTime}) passes; in between only 503 is acceptable.
     */
    HttpResponse<String> until(long deadline, int expected, String what, Callable<HttpResponse<String>> call)
            throws Exception {
        HttpResponse<String> r = seen(what, call.call());
        while (r.statusCode() != expected && System.nanoTime() < deadline) {
            assertEquals(503, r.statusCode(), what + " while recovering: " + r.body());
            Thread.sleep(100);
            r = seen(what, call.call());
        }
        return r;
    }

    /** Fails when any response recorded was a server error other than 503 with {@code Retry-After}. */
    void assertNo500() {
        synchronized (serverErrors) {
            assertTrue(serverErrors.isEmpty(), "server errors other than 503 with Retry-After: " + serverErrors);
        }
    }
}

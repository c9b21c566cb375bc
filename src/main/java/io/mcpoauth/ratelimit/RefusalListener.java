package io.mcpoauth.ratelimit;

/**
 * Told of each request a rate limit refuses, with the name of the limit (one of a fixed few: {@code address},
 * {@code client}, {@code client_lockout} (a secret left unchecked under a failure lockout), {@code registration},
 * {@code authorization}, {@code login}, {@code admin}); the operator metrics count them. Called on the request's
 * thread, only on a refusal.
 */
@FunctionalInterface
public interface RefusalListener {

    RefusalListener NONE = limit -> { };

    void refused(String limit);
}

package io.mcpoauth.ratelimit;

import io.mcpoauth.ratelimit.RateLimiter.Check;
import io.mcpoauth.ratelimit.RateLimiter.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The limits the endpoints apply, named for what they protect.
 *
 * <p><b>Failed client authentication.</b> RFC 6749 2.3.1 and 10.10 require protection against guessing client
 * secrets; the obvious protection, refusing a client id after a number of failures, hands anyone who knows the
 * id (ids are public, RFC 6749 2.2) a way to shut the real client out. So no failure counter here ever refuses a
 * request outright. Failures are counted per client id and address, per address, and per client id from all
 * addresses; when any of the three reaches its limit the request is <em>locked</em> ({@link Lockout}): its
 * secret is accepted only if this server has already verified that same secret for that client
 * ({@code SecretVerifier} remembers an HMAC of each verified secret), and any other secret is refused with 429
 * without being checked (a generated secret stored as {@code sha256:} is still checked: it costs nothing and is
 * too long to guess). Guessing stops, since a guess is by definition a secret not yet verified, while the
 * legitimate client, whose secret was verified before the attack, keeps working. A client whose requests come
 * from an address nobody failed from, while its id is not under attack from everywhere, is checked normally;
 * so is one under attack from everywhere that has authenticated from its address in the current window (on
 * Redis, on any node), since that address's own lockouts still bound the guesses made from it. What this leaves:
 * a client this instance has never verified (a restarted or new node) cannot authenticate, while its id is
 * under attack from many addresses, from an address it has not authenticated from in the window, nor from an
 * address that is itself locked, until the window ends. RFC 9700 2.5 recommends client authentication without a
 * shared secret for reasons of this kind.
 *
 * <p>Only a checked secret counts as a failure. A public client has no secret to guess (RFC 6749 2.1), so a
 * secret presented for one fails that request alone; so does a confidential client's request without a secret.
 *
 * <p><b>Request counts.</b> Per address before authentication; per client only after it, so that nobody but
 * the client can spend its count; a public client, which proves nothing but its id, is counted per client and
 * address. Every caller-supplied part of a key is bounded in size ({@link LimitKeys}).
 */
public final class RateLimits {

    /** A failure count that never refuses: {@link #authenticationFailed} only counts. */
    private static final int COUNT_ONLY = Integer.MAX_VALUE;
    /** Positions in {@link #clientRequest}'s checks. */
    private static final int PER_ADDRESS = 0;
    private static final int AUTHENTICATED_HERE = 3;
    /**
     * Prefixes of the failure counters: failed client authentications per address, per client and address, per
     * client, and wrong admin tokens per address. Rare, an attacker's path, and what the lockouts read.
     */
    private static final List<String> FAILURE_COUNTERS = List.of("fa:", "fk:", "fc:", "fx:");

    private final RateLimiter limiter;
    private final RateLimitSettings settings;
    private final RefusalListener refusals;

    public RateLimits(RateLimiter limiter, RateLimitSettings settings) {
        this(limiter, settings, RefusalListener.NONE);
    }

    /** @param refusals told of each refusal decided here (the operator metrics) */
    public RateLimits(RateLimiter limiter, RateLimitSettings settings, RefusalListener refusals) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    /**
     * A token, revocation or introspection request from an address, before the client is authenticated: counted
     * per address (refused when over), and told whether failures lock fresh secret checks. One call to the
     * limiter, so one round trip where the counters live in Redis.
     */
    public Lockout clientRequest(String clientId, String address, Instant now) {
        if (!settings.enabled()) {
            return Lockout.NONE;
        }
        String client = LimitKeys.text(clientId);
        String from = LimitKeys.address(address);
        Verdict v = limiter.check(List.of(
                Check.hit("a:" + from, settings.perAddress()),
                Check.blocked("fa:" + from, settings.authFailuresPerAddress()),
                Check.blocked("fk:" + client + "|" + from, settings.authFailuresPerClient()),
                Check.blocked("ok:" + client + "|" + from, 1),
                Check.blocked("fc:" + client, settings.authFailuresPerClientTotal())), settings.window(), now);
        return switch (v.refusedBy()) {
            case PER_ADDRESS -> throw refused("address", v.retryAfterSeconds());
            // The client authenticated from this address in this window: the lockout of its id everywhere does
            // not apply here, so a node that has not verified its secret yet checks it (the address's own
            // lockouts, read before, still bound guesses from it).
            case -1, AUTHENTICATED_HERE -> Lockout.NONE;
            default -> new Lockout(v.retryAfterSeconds());
        };
    }

    /**
     * A request the client authenticated: counted per client (a public client per client and address), and the
     * address of a confidential client remembered for the window as one it authenticated from.
     */
    public void clientAuthenticated(String clientId, boolean publicClient, String address, Instant now) {
        if (settings.enabled()) {
            String client = LimitKeys.text(clientId);
            String from = LimitKeys.address(address);
            Verdict v = limiter.check(publicClient
                    ? List.of(Check.hit("c:" + client + "|" + from, settings.perClient()))
                    : List.of(Check.hit("c:" + client, settings.perClient()),
                            Check.hit("ok:" + client + "|" + from, COUNT_ONLY)), settings.window(), now);
            check("client", v.retryAfterSeconds());
        }
    }

    /**
     * The refusal of a request whose secret the {@code lockout} kept from being checked (one not verified
     * before), told to the listener as {@code client_lockout}.
     */
    public RateLimitedException lockedOut(Lockout lockout) {
        return refused("client_lockout", lockout.retryAfterSeconds());
    }

    /** A secret was checked and was wrong (or the client id unknown): counts towards the three lockouts. */
    public void authenticationFailed(String clientId, String address, Instant now) {
        if (settings.enabled()) {
            String client = LimitKeys.text(clientId);
            String from = LimitKeys.address(address);
            limiter.check(List.of(
                    Check.hit("fa:" + from, COUNT_ONLY),
                    Check.hit("fk:" + client + "|" + from, COUNT_ONLY),
                    Check.hit("fc:" + client, COUNT_ONLY)), settings.window(), now);
        }
    }

    /** A registration request from an address. */
    public void registration(String address, Instant now) {
        hitPerAddress("registration", "r:", address, settings.registrationsPerAddress(), now);
    }

    /** An authorization request from an address (GET or POST {@code /authorize}). */
    public void authorization(String address, Instant now) {
        hitPerAddress("authorization", "z:", address, settings.authorizePerAddress(), now);
    }

    /** A sign-in attempt at the demo login form from an address. */
    public void formLogin(String address, Instant now) {
        hitPerAddress("login", "l:", address, settings.formLoginsPerAddress(), now);
    }

    /**
     * An administrator's call from an address, before its token is compared: refused while the address has sent
     * too many wrong tokens. A correct token from that address is refused too, or the refusals would tell a
     * guesser which guess was right.
     */
    public void adminAttempt(String address, Instant now) {
        if (settings.enabled()) {
            check("admin", limiter.blocked("fx:" + LimitKeys.address(address), settings.adminFailuresPerAddress(),
                    settings.window(), now));
        }
    }

    /** A wrong admin token from an address. */
    public void adminFailed(String address, Instant now) {
        if (settings.enabled()) {
            limiter.hit("fx:" + LimitKeys.address(address), COUNT_ONLY, settings.window(), now);
        }
    }

    /** True for a key of a failure counter, which {@link ReconcilingRateLimiter} counts at once in the shared store. */
    static boolean countsFailures(String key) {
        for (String prefix : FAILURE_COUNTERS) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private void hitPerAddress(String name, String prefix, String address, int limit, Instant now) {
        if (settings.enabled()) {
            check(name, limiter.hit(prefix + LimitKeys.address(address), limit, settings.window(), now));
        }
    }

    private void check(String name, long retryAfter) {
        if (retryAfter > 0) {
            throw refused(name, retryAfter);
        }
    }

    private RateLimitedException refused(String name, long retryAfter) {
        refusals.refused(name);
        return new RateLimitedException(retryAfter);
    }
}

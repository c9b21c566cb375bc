package io.mcpoauth.ratelimit;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;

import java.time.Duration;
import java.util.Objects;

/**
 * Rate limits ({@code mcp.oauth.rate-limit.*}), counted per window. Addresses are the client addresses that
 * {@link ForwardedSettings} resolves (the peer's, unless it is a trusted proxy).
 *
 * <p>The request limits are sized for the heaviest legitimate caller: a resource server that introspects for
 * thousands of users is one client id on one address. At 20 introspections a second it already makes 1,200 a
 * minute (the old default, which refused it); 60,000 a minute (1,000 a second) leaves it fifty times that, and
 * still caps a runaway or hostile caller well below what one instance answers in memory. Guessing is not what
 * these limits stop: the failure limits, which are small, do that.
 *
 * @param enabled                    {@code .enabled} (default true)
 * @param window                     {@code .window} (default 1m)
 * @param perClient                  {@code .per-client}: token, revocation and introspection requests per client,
 *                                   counted once the client has authenticated (for a public client, which proves
 *                                   nothing but its id, per client and address) (default 60000)
 * @param perAddress                 {@code .per-address}: the same per client address, counted before
 *                                   authentication (default 60000)
 * @param registrationsPerAddress    {@code .registrations-per-address} (default 20)
 * @param authFailuresPerClient      {@code .auth-failures-per-client}: failed authentications of one client id from
 *                                   one address before that address may present only secrets this server has
 *                                   already verified for the client, for the rest of the window (default 10)
 * @param authFailuresPerAddress     {@code .auth-failures-per-address}: the same for all client ids from one
 *                                   address (default 30)
 * @param authFailuresPerClientTotal {@code .auth-failures-per-client-total}: failed authentications of one client
 *                                   id from all addresses before every address may present only secrets already
 *                                   verified for it (default 100)
 * @param authorizePerAddress        {@code .authorize-per-address}: authorization requests per address (default 300)
 * @param adminFailuresPerAddress    {@code .admin-failures-per-address}: wrong admin tokens per address before every
 *                                   admin call from it is refused for the rest of the window (default 10)
 * @param formLoginsPerAddress       {@code .form-logins-per-address}: demo form sign-in attempts per address
 *                                   (default 30)
 * @param reconcileInterval          {@code .reconcile-interval}: where the counters are shared (Redis), how often an
 *                                   instance sends the counts it decided locally and learns the shared ones
 *                                   ({@link ReconcilingRateLimiter}, which states the overshoot this allows);
 *                                   from 50ms to 10s (default 500ms)
 */
public record RateLimitSettings(boolean enabled, Duration window, int perClient, int perAddress,
        int registrationsPerAddress, int authFailuresPerClient, int authFailuresPerAddress,
        int authFailuresPerClientTotal, int authorizePerAddress, int adminFailuresPerAddress,
        int formLoginsPerAddress, Duration reconcileInterval) {

    private static final Duration MIN_RECONCILE = Duration.ofMillis(50);
    private static final Duration MAX_RECONCILE = Duration.ofSeconds(10);

    public RateLimitSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    }

    public static RateLimitSettings load(ConfigSource c) {
        String p = "mcp.oauth.rate-limit.";
        return new RateLimitSettings(
                c.bool(p + "enabled", true),
                Durations.parse(p + "window", c.get(p + "window", "1m")),
                positive(c, p + "per-client", 60_000),
                positive(c, p + "per-address", 60_000),
                positive(c, p + "registrations-per-address", 20),
                positive(c, p + "auth-failures-per-client", 10),
                positive(c, p + "auth-failures-per-address", 30),
                positive(c, p + "auth-failures-per-client-total", 100),
                positive(c, p + "authorize-per-address", 300),
                positive(c, p + "admin-failures-per-address", 10),
                positive(c, p + "form-logins-per-address", 30),
                reconcileInterval(c, p + "reconcile-interval"));
    }

    private static Duration reconcileInterval(ConfigSource c, String key) {
        Duration d = Durations.parse(key, c.get(key, "500ms"));
        if (d.compareTo(MIN_RECONCILE) < 0 || d.compareTo(MAX_RECONCILE) > 0) {
            throw new IllegalArgumentException(key + ": must be between 50ms and 10s, not " + c.get(key, ""));
        }
        return d;
    }

    private static int positive(ConfigSource c, String key, int defaultValue) {
        return c.integer(key, defaultValue, 1, Integer.MAX_VALUE);
    }
}

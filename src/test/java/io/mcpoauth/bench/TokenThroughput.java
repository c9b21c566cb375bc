package io.mcpoauth.bench;

import io.mcpoauth.store.redis.RedisSettings;
import at.favre.lib.crypto.bcrypt.BCrypt;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.cimd.FetchTransport;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.it.Pkce;
import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.ratelimit.ReconcilingRateLimiter;
import io.mcpoauth.server.AuthorizationService;
import io.mcpoauth.server.AuthorizationStep;
import io.mcpoauth.server.EndpointServices;
import io.mcpoauth.server.IntrospectionService;
import io.mcpoauth.server.RequestContext;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.server.TokenService;
import io.mcpoauth.store.SubjectAttributes;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.memory.MemoryStorage;
import io.mcpoauth.store.redis.RedisStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A load run (not a test): introspection and token throughput of the provider on in-memory storage and on
 * Redis, in one JVM on the same machine, with everything a request does except HTTP (client authentication,
 * rate limits in the backend's limiter as the application builds it, audit events built but not written). Each
 * scenario warms up, then runs a fixed number of seconds on a fixed number of threads and reports operations per
 * second and latency percentiles. Bounded in time; it stops by itself. See docs/redis.md for the command and the
 * figures.
 *
 * <p>Arguments: {@code [threads] [seconds] [redisUrl]}, default {@code 8 10 redis://127.0.0.1:6379}. The Redis
 * run works under a key prefix of its own and removes its keys with {@code SCAN} at the end.
 */
public final class TokenThroughput {

    private static final String SECRET = "bench-secret";
    private static final String REDIRECT = "http://127.0.0.1/cb";

    private TokenThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String redisUrl = args.length > 2 ? args[2] : "redis://127.0.0.1:6379";
        Logger.getLogger(AuditLog.LOGGER_NAME).setLevel(Level.OFF);
        System.out.printf("threads=%d seconds=%d cpus=%d java=%s rate-limits=%s%n", threads, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("bench.rate-limits", "true"));
        Map<String, String> config = config();
        try (MemoryStorage memory = new MemoryStorage(5_000_000)) {
            run("memory", config, memory, new MemoryRateLimiter(), threads, seconds);
        }
        Map<String, String> redisConfig = new HashMap<>(config);
        redisConfig.put("mcp.oauth.redis.url", redisUrl);
        String prefix = "bench:" + Long.toHexString(System.nanoTime()) + ":";
        redisConfig.put("mcp.oauth.redis.key-prefix", prefix);
        ScheduledExecutorService reconciles = Executors.newSingleThreadScheduledExecutor();
        try (RedisStorage redis = new RedisStorage(RedisSettings.load(ConfigSource.of(redisConfig)))) {
            // As the application runs it: limits decided locally, reconciled with Redis in the background.
            ReconcilingRateLimiter limiter = new ReconcilingRateLimiter(redis.rateLimiter(),
                    OAuthSettings.load(ConfigSource.of(redisConfig)).rateLimits().reconcileInterval());
            Clock clock = Clock.systemUTC();
            reconciles.scheduleWithFixedDelay(() -> limiter.reconcile(clock.instant()), 0,
                    limiter.interval().toMillis(), TimeUnit.MILLISECONDS);
            run("redis", redisConfig, redis, limiter, threads, seconds);
        } finally {
            reconciles.shutdownNow();
            removeKeys(redisUrl, prefix);
        }
    }

    private static void removeKeys(String redisUrl, String prefix) {
        try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                if (!page.getResult().isEmpty()) {
                    redis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }

    private static Map<String, String> config() {
        String hash = new String(BCrypt.withDefaults().hash(10, SECRET.toCharArray()), StandardCharsets.UTF_8);
        Map<String, String> c = new HashMap<>();
        c.put("mcp.oauth.issuer", "https://as.example.com");
        c.put("mcp.oauth.login.mode", "header");
        c.put("mcp.oauth.scopes", "mcp:read mcp:write");
        c.put("mcp.oauth.clients", "app,svc,rs");
        c.put("mcp.oauth.client.app.secret-hash", hash);
        c.put("mcp.oauth.client.app.redirect-uris", REDIRECT);
        c.put("mcp.oauth.client.svc.secret-hash", hash);
        c.put("mcp.oauth.client.svc.grant-types", "client_credentials");
        c.put("mcp.oauth.client.rs.secret-hash", hash);
        c.put("mcp.oauth.client.rs.grant-types", "client_credentials");
        c.put("mcp.oauth.client.rs.introspect-any", "true");
        c.put("mcp.oauth.consent", "skip-for");
        c.put("mcp.oauth.consent.skip-for", "app");
        // -Dbench.rate-limits=false leaves them out, to see the storage's own share.
        c.put("mcp.oauth.rate-limit.enabled", System.getProperty("bench.rate-limits", "true"));
        c.put("mcp.oauth.rate-limit.per-client", "1000000000");
        c.put("mcp.oauth.rate-limit.per-address", "1000000000");
        c.put("mcp.oauth.token.access-ttl", "1h");
        c.put("mcp.oauth.token.refresh-ttl", "1h");
        return c;
    }

    private static void run(String name, Map<String, String> config, Storage storage, RateLimiter limiter,
            int threads, int seconds) throws Exception {
        OAuthSettings settings = OAuthSettings.load(ConfigSource.of(config));
        Clock clock = Clock.systemUTC();
        EndpointServices services = new EndpointServices(settings, storage, limiter, FetchTransport.system(), clock);
        TokenService provider = services.tokens();
        IntrospectionService introspection = services.introspection();
        List<String> accessTokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            accessTokens.add(token(provider, Map.of("grant_type", "client_credentials"), "svc").accessToken());
        }
        String[] chains = new String[threads];
        for (int t = 0; t < threads; t++) {
            chains[t] = codeFlow(services.authorization(), provider).refreshToken();
        }
        Scenario introspect = i -> {
            String token = accessTokens.get(ThreadLocalRandom.current().nextInt(accessTokens.size()));
            if (!Boolean.TRUE.equals(introspection.introspect(Map.of("token", List.of(token)), basic("rs"),
                    RequestContext.UNKNOWN).get("active"))) {
                throw new IllegalStateException("inactive");
            }
            return null;
        };
        Scenario clientCredentials = i -> token(provider, Map.of("grant_type", "client_credentials"), "svc");
        Scenario refresh = i -> {
            chains[i] = token(provider, Map.of("grant_type", "refresh_token", "refresh_token", chains[i]), "app")
                    .refreshToken();
            return null;
        };
        measure(name, "introspect", introspect, threads, seconds);
        measure(name, "token client_credentials", clientCredentials, threads, seconds);
        measure(name, "token refresh_token (rotation)", refresh, threads, seconds);
    }

    /** One operation by thread {@code i}. */
    private interface Scenario extends IntFunction<Object> {
    }

    private static void measure(String backend, String what, Scenario op, int threads, int seconds)
            throws Exception {
        loop(op, threads, Math.max(1, seconds / 3));
        long[][] latencies = loop(op, threads, seconds);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%-7s %-31s %9.0f ops/s   p50 %6.0f us   p99 %7.0f us   (%d ops)%n", backend, what,
                all.length / (double) seconds, all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3,
                all.length);
    }

    /** Runs the operation on every thread until the time is up; returns each thread's latencies in ns. */
    private static long[][] loop(Scenario op, int threads, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long[] samples = new long[1 << 16];
                int n = 0;
                long now;
                while ((now = System.nanoTime()) < end) {
                    op.apply(thread);
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = System.nanoTime() - now;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        long[][] out = new long[threads][];
        for (int t = 0; t < threads; t++) {
            out[t] = futures.get(t).get();
        }
        pool.shutdown();
        return out;
    }

    private static TokenResponse codeFlow(AuthorizationService authorization, TokenService provider) {
        Map<String, String> p = Map.of("response_type", "code", "client_id", "app", "redirect_uri", REDIRECT,
                "code_challenge", Pkce.CHALLENGE, "code_challenge_method", "S256", "scope", "mcp:read");
        AuthorizationStep step = authorization.begin(authorization.validateAuthorization(Parameters.of(p),
                RequestContext.UNKNOWN), "alice", SubjectAttributes.NONE, RequestContext.UNKNOWN);
        String uri = ((AuthorizationStep.Redirect) step).uri();
        String code = Query.of(uri).get("code");
        return token(provider, Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", Pkce.VERIFIER), "app");
    }

    private static TokenResponse token(TokenService provider, Map<String, String> form, String client) {
        Map<String, List<String>> params = new HashMap<>();
        form.forEach((k, v) -> params.put(k, List.of(v)));
        return provider.token(params, basic(client), RequestContext.UNKNOWN);
    }

    private static String basic(String client) {
        return "Basic " + Base64.getEncoder().encodeToString((client + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    }
}

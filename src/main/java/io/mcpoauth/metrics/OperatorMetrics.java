package io.mcpoauth.metrics;

import io.mcpoauth.login.LoginMode;
import io.mcpoauth.protocol.GrantType;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's counters, named {@code mcp_oauth_*}, in a registry of their own (never the library's global one,
 * so two deployments in one server, or two tests, do not share counts).
 *
 * <p>Every label takes its value from a fixed list; anything else is counted as {@code other}. A label fed by a
 * caller's input (a client id, a subject, a raw grant type) would let any caller grow the registry without bound.
 * Each label set's data point is looked up once, here, so counting on a request thread is one increment of a
 * striped adder: no lookup, no allocation, no lock. Exemplars are off (they would ask a tracer on each increment).
 */
public final class OperatorMetrics {

    /** Grant types as sent on the wire (protocol/GrantType); others read {@code other}. */
    static final List<String> GRANT_TYPES = Arrays.stream(GrantType.values()).map(GrantType::value).toList();
    /** Login modes as configured (login/LoginMode). */
    static final List<String> LOGIN_MODES = Arrays.stream(LoginMode.values()).map(LoginMode::toString).toList();
    static final List<String> CLIENT_KINDS = List.of("public", "confidential");
    /** The error codes the token endpoint answers (protocol/OAuthError); others read {@code other}. */
    static final List<String> ERRORS = List.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "invalid_target", "access_denied",
            "invalid_token", "server_error", "temporarily_unavailable");
    static final List<String> INTROSPECTION_OUTCOMES = List.of("active", "inactive", "rejected");
    static final List<String> REVOKED_TOKEN_TYPES = List.of("access_token", "refresh_token", "unknown");
    static final List<String> LIMITS = List.of("address", "client", "client_lockout", "registration",
            "authorization", "login", "admin");
    /** What a fetch got (cimd/FetchListener.Kind). */
    static final List<String> FETCH_KINDS = List.of("document", "jwks");
    /** How a fetch ended (cimd/FetchListener.Outcome); others read {@code other}. */
    static final List<String> FETCH_OUTCOMES = List.of("ok", "refused", "timeout", "too_large", "invalid", "failed",
            "busy");
    static final String OTHER = "other";
    /** Seconds: from a fast local round trip to the point where requests time out. */
    private static final double[] STORAGE_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5};
    /** Seconds: from a cached-nearby server to past the longest sensible {@code mcp.oauth.cimd.timeout}. */
    private static final double[] FETCH_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final Logger LOG = Logger.getLogger(OperatorMetrics.class.getName());

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, CounterDataPoint> issued;
    private final Map<String, CounterDataPoint> tokenErrors;
    private final Map<String, CounterDataPoint> introspections;
    private final Map<String, CounterDataPoint> revocations;
    private final Map<String, CounterDataPoint> rateLimited;
    private final Map<String, CounterDataPoint> loginFailures;
    private final Histogram storageLatency;
    private final Counter storageErrors;
    private final CounterDataPoint refreshReuse;
    private final CounterDataPoint codeReplays;
    private final Map<String, CounterDataPoint> fetches;
    private final Map<String, DistributionDataPoint> fetchLatency;
    /** The names of the gauges counted at scrape time, each registered once. */
    private final java.util.Set<String> liveGauges = new java.util.HashSet<>();

    public OperatorMetrics() {
        Counter issuedCounter = counter("mcp_oauth_tokens_issued",
                "Access tokens issued, by grant type and client kind", "grant_type", "client_kind");
        issued = new HashMap<>();
        for (String grant : with(GRANT_TYPES)) {
            for (String kind : CLIENT_KINDS) {
                issued.put(grant + ' ' + kind, issuedCounter.labelValues(grant, kind));
            }
        }
        tokenErrors = points(counter("mcp_oauth_token_errors",
                "Token endpoint refusals, by the error code answered", "error"), with(ERRORS));
        introspections = points(counter("mcp_oauth_introspections",
                "Introspection requests, by outcome (active, inactive, rejected)", "outcome"),
                INTROSPECTION_OUTCOMES);
        revocations = points(counter("mcp_oauth_revocations",
                "Revocation requests answered, by the kind of token revoked (unknown: nothing revoked)",
                "token_type"), REVOKED_TOKEN_TYPES);
        rateLimited = points(counter("mcp_oauth_rate_limited",
                "Requests refused by a rate limit, by the limit", "limit"), with(LIMITS));
        loginFailures = points(counter("mcp_oauth_login_failures",
                "Sign-ins refused at the authorization endpoint, by login mode", "mode"), with(LOGIN_MODES));
        storageLatency = Histogram.builder().name("mcp_oauth_storage_operation_seconds")
                .help("Time of each storage call, by backend and operation (the store method)")
                .labelNames("backend", "operation")
                .classicOnly().classicUpperBounds(STORAGE_BUCKETS).withoutExemplars().register(registry);
        storageErrors = counter("mcp_oauth_storage_errors",
                "Storage calls failed as unavailable, by backend and operation", "backend", "operation");
        refreshReuse = counter("mcp_oauth_refresh_reuse_detected",
                "Rotated refresh tokens presented again (their grant revoked)").labelValues();
        codeReplays = counter("mcp_oauth_code_replays",
                "Authorization codes presented again (their grant revoked)").labelValues();
        Counter fetchCounter = counter("mcp_oauth_metadata_fetches",
                "Fetches of client metadata documents and client key sets (cached answers are not fetches), by kind"
                        + " and outcome", "kind", "outcome");
        Histogram fetchSeconds = Histogram.builder().name("mcp_oauth_metadata_fetch_seconds")
                .help("Time of each started fetch of a client metadata document or key set, by kind")
                .labelNames("kind")
                .classicOnly().classicUpperBounds(FETCH_BUCKETS).withoutExemplars().register(registry);
        Map<String, CounterDataPoint> f = new HashMap<>();
        Map<String, DistributionDataPoint> l = new HashMap<>();
        for (String kind : FETCH_KINDS) {
            for (String outcome : with(FETCH_OUTCOMES)) {
                f.put(kind + ' ' + outcome, fetchCounter.labelValues(kind, outcome));
            }
            l.put(kind, fetchSeconds.labelValues(kind));
        }
        fetches = Map.copyOf(f);
        fetchLatency = Map.copyOf(l);
    }

    private Counter counter(String name, String help, String... labels) {
        Counter.Builder b = Counter.builder().name(name).help(help);
        if (labels.length > 0) {
            b.labelNames(labels);
        }
        b.withoutExemplars();
        return b.register(registry);
    }

    private static Map<String, CounterDataPoint> points(Counter counter, List<String> values) {
        Map<String, CounterDataPoint> m = new HashMap<>();
        for (String v : values) {
            m.put(v, counter.labelValues(v));
        }
        return Map.copyOf(m);
    }

    private static List<String> with(List<String> values) {
        return java.util.stream.Stream.concat(values.stream(), java.util.stream.Stream.of(OTHER)).toList();
    }

    private static CounterDataPoint of(Map<String, CounterDataPoint> points, String value) {
        CounterDataPoint p = value == null ? null : points.get(value);
        return p != null ? p : points.get(OTHER);
    }

    /** An access token issued; an unknown grant type counts as {@code other}, an unknown kind as confidential. */
    public void tokenIssued(String grantType, String clientKind) {
        String grant = grantType != null && GRANT_TYPES.contains(grantType) ? grantType : OTHER;
        String kind = "public".equals(clientKind) ? "public" : "confidential";
        issued.get(grant + ' ' + kind).inc();
    }

    /** A refusal at the token endpoint, by the error code answered. */
    public void tokenError(String error) {
        of(tokenErrors, error).inc();
    }

    /** An introspection, {@code active}, {@code inactive} or {@code rejected}. */
    public void introspection(String outcome) {
        CounterDataPoint p = introspections.get(outcome);
        if (p == null) {
            throw new IllegalArgumentException("outcome: " + outcome);
        }
        p.inc();
    }

    /** A revocation request answered; {@code unknown} when nothing was revoked. */
    public void revocation(String tokenType) {
        CounterDataPoint p = revocations.get(tokenType);
        (p != null ? p : revocations.get("unknown")).inc();
    }

    /** A rate limit refused a request; see {@code ratelimit/RefusalListener} for the names. */
    public void rateLimited(String limit) {
        of(rateLimited, limit).inc();
    }

    /** A sign-in refused (bad credentials, a missing or untrusted gateway header, a bad assertion). */
    public void loginFailure(String mode) {
        of(loginFailures, mode).inc();
    }

    public void refreshReuse() {
        refreshReuse.inc();
    }

    public void codeReplay() {
        codeReplays.inc();
    }

    /**
     * A fetch of a client metadata document or key set ended (see {@code cimd/FetchListener}); {@code nanos}
     * negative for one never started, which is counted but not timed. An unknown kind is not counted.
     */
    public void metadataFetch(String kind, String outcome, long nanos) {
        CounterDataPoint p = fetches.get(kind + ' ' + (FETCH_OUTCOMES.contains(outcome) ? outcome : OTHER));
        if (p == null) {
            return;
        }
        p.inc();
        if (nanos >= 0) {
            fetchLatency.get(kind).observe(nanos / 1e9);
        }
    }

    /**
     * Adds the gauge {@code mcp_oauth_clients}, the registered clients, asked of {@code count} at each scrape and
     * never on a request. When {@code count} fails (storage unavailable) the scrape still answers, without the
     * gauge's sample: an absent series, not a wrong number. Once per instance.
     */
    public void countClients(LongSupplier count) {
        liveGauge("mcp_oauth_clients", "Registered clients not expired, counted at scrape time (absent when storage "
                + "failed)", count);
    }

    /**
     * Adds the gauge {@code mcp_oauth_grants}, the live grants of the grant index ({@code GrantIndexStore.count}),
     * asked at each scrape as {@link #countClients} is. Once per instance.
     */
    public void countGrants(LongSupplier count) {
        liveGauge("mcp_oauth_grants", "Live grants (token families), counted at scrape time (absent when storage "
                + "failed)", count);
    }

    private synchronized void liveGauge(String name, String help, LongSupplier count) {
        Objects.requireNonNull(count, "count");
        if (!liveGauges.add(name)) {
            throw new IllegalStateException("the gauge " + name + " is registered already");
        }
        GaugeWithCallback.builder().name(name).help(help)
                .callback(cb -> {
                    long n;
                    try {
                        n = count.getAsLong();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, name + " left out of the scrape: " + e, e);
                        return;
                    }
                    cb.call(n);
                }).register(registry);
    }

    /** For {@link TimedStorage}: labelled by backend and operation, both from fixed sets. */
    Histogram storageLatency() {
        return storageLatency;
    }

    Counter storageErrors() {
        return storageErrors;
    }

    /** The text of a scrape in the format the {@code Accept} header asks for (null: the Prometheus text format). */
    public Exposition expose(String accept) {
        ExpositionFormatWriter writer = OpenMetricsTextFormatWriter.create().accepts(accept)
                ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new Exposition(writer.getContentType(), out.toByteArray());
    }

    /** A scrape: its media type and its UTF-8 text. */
    public record Exposition(String contentType, byte[] body) {
    }
}

package io.mcpoauth.metrics;

import io.mcpoauth.login.LoginMode;
import io.mcpoauth.protocol.GrantType;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
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
    static final List<String> LIMITS = List.of("address", "client", "registration", "authorization", "login",
            "admin");
    static final String OTHER = "other";
    /** Seconds: from a fast local round trip to the point where requests time out. */
    private static final double[] STORAGE_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5};

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

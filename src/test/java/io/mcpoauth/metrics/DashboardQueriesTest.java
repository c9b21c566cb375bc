package io.mcpoauth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example dashboard ({@code docs/grafana-dashboard.json}) asks only for series a scrape of {@code
 * /admin/metrics} has: a renamed metric or label breaks this test, not an operator's dashboard.
 */
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("mcp_oauth_[a-z_]+");
    private static final Pattern BY_LABELS = Pattern.compile("by \\(([a-z_, ]+)\\)");

    @Test
    void dashboardWhenReadThenEveryQueriedSeriesAndLabelIsScraped() throws IOException {
        String scrape = fullScrape();
        List<String> exprs = expressions();
        assertTrue(exprs.size() >= 10, "the dashboard's queries: " + exprs);
        Set<String> metrics = new HashSet<>();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                metrics.add(m.group());
                assertTrue(scrape.contains("\n" + m.group() + "{") || scrape.contains("\n" + m.group() + " "),
                        "no series " + m.group() + " in a scrape, asked by " + expr);
            }
            Matcher by = BY_LABELS.matcher(expr);
            while (by.find()) {
                for (String label : by.group(1).split(",\\s*")) {
                    if (!label.equals("le")) {
                        assertTrue(scrape.contains(label + "=\""), "no label " + label + " in a scrape: " + expr);
                    }
                }
            }
            assertEquals(count(expr, '('), count(expr, ')'), expr);
            assertEquals(count(expr, '{'), count(expr, '}'), expr);
        }
        // The five questions: up, tokens per second, errors, storage latency, rate limiting.
        for (String family : List.of("mcp_oauth_tokens_issued_total", "mcp_oauth_token_errors_total",
                "mcp_oauth_storage_operation_seconds_bucket", "mcp_oauth_rate_limited_total")) {
            assertTrue(metrics.contains(family), family + " is on the dashboard");
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("up{")), "an up panel");
    }

    @Test
    void dashboardWhenReadThenPanelIdsUniqueAndEachHasADescription() throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (JsonValue v : dashboard().getJsonArray("panels")) {
            JsonObject panel = v.asJsonObject();
            assertTrue(ids.add(panel.getInt("id")), "panel id repeated: " + panel.getInt("id"));
            assertFalse(panel.getString("description", "").isBlank(), panel.getString("title"));
            assertFalse(panel.getJsonArray("targets").isEmpty(), panel.getString("title"));
        }
    }

    /** A scrape in which every family has at least one sample. */
    private static String fullScrape() {
        OperatorMetrics m = new OperatorMetrics();
        m.tokenIssued("client_credentials", "confidential");
        m.tokenError("invalid_grant");
        m.introspection("active");
        m.revocation("access_token");
        m.rateLimited("address");
        m.loginFailure("gateway");
        m.refreshReuse();
        m.codeReplay();
        m.metadataFetch("document", "ok", 1_000_000);
        m.storageLatency().labelValues("redis", "findAccessToken").observe(0.001);
        m.storageErrors().labelValues("redis", "findAccessToken").inc();
        m.countClients(() -> 2);
        m.countGrants(() -> 3);
        // Prometheus adds up{job, instance} itself; a scrape never holds it.
        return "\n" + new String(m.expose(null).body(), StandardCharsets.UTF_8) + "\nup{job=\"mcp-oauth\"} 1\n";
    }

    private static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonValue v : dashboard().getJsonArray("panels")) {
            for (JsonValue t : v.asJsonObject().getJsonArray("targets")) {
                exprs.add(t.asJsonObject().getString("expr"));
            }
        }
        return exprs;
    }

    private static JsonObject dashboard() throws IOException {
        try (Reader r = Files.newBufferedReader(DASHBOARD); JsonReader json = Json.createReader(r)) {
            return json.readObject();
        }
    }

    private static long count(String s, char c) {
        return s.chars().filter(ch -> ch == c).count();
    }
}

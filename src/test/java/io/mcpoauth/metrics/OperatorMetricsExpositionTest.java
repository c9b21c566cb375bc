package io.mcpoauth.metrics;

import static io.mcpoauth.metrics.Samples.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.store.StorageUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The metadata-fetch counters and the clients gauge, as a scrape shows them. */
class OperatorMetricsExpositionTest {

    private static String text(OperatorMetrics metrics) {
        return new String(metrics.expose(null).body(), StandardCharsets.UTF_8);
    }

    @Test
    void metadataFetchWhenCountedThenByKindAndOutcomeAndStartedFetchesTimed() {
        OperatorMetrics m = new OperatorMetrics();
        m.metadataFetch("document", "ok", 20_000_000);
        m.metadataFetch("document", "ok", 30_000_000);
        m.metadataFetch("document", "timeout", 5_000_000_000L);
        m.metadataFetch("document", "busy", -1);
        m.metadataFetch("jwks", "refused", 1_000_000);
        m.metadataFetch("jwks", "something-new", 1_000_000);
        m.metadataFetch("https://attacker.example/", "ok", 1_000_000);
        String text = text(m);
        assertEquals(2.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"document\"", "outcome=\"ok\""));
        assertEquals(1.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"document\"",
                "outcome=\"timeout\""));
        assertEquals(1.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"document\"", "outcome=\"busy\""));
        assertEquals(1.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"jwks\"", "outcome=\"refused\""));
        assertEquals(1.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"jwks\"", "outcome=\"other\""));
        assertEquals(0.0, sample(text, "mcp_oauth_metadata_fetches_total", "kind=\"jwks\"", "outcome=\"ok\""));
        assertEquals(3.0, sample(text, "mcp_oauth_metadata_fetch_seconds_count", "kind=\"document\""), "busy untimed");
        assertEquals(2.0, sample(text, "mcp_oauth_metadata_fetch_seconds_bucket", "kind=\"document\"",
                "le=\"0.05\""));
        assertEquals(2.0, sample(text, "mcp_oauth_metadata_fetch_seconds_count", "kind=\"jwks\""));
        assertFalse(text.contains("attacker"), text);
        assertFalse(text.contains("something-new"), text);
    }

    @Test
    void scrapeWhenClientCountWorksThenGaugeAskedAtEachScrape() {
        OperatorMetrics m = new OperatorMetrics();
        AtomicLong clients = new AtomicLong(3);
        AtomicLong asked = new AtomicLong();
        m.countClients(() -> {
            asked.incrementAndGet();
            return clients.get();
        });
        assertEquals(0, asked.get(), "not counted until scraped");
        assertEquals(3.0, sample(text(m), "mcp_oauth_clients"));
        clients.set(5);
        assertEquals(5.0, sample(text(m), "mcp_oauth_clients"));
        assertEquals(2, asked.get());
        assertThrows(IllegalStateException.class, () -> m.countClients(() -> 0));
    }

    @Test
    void scrapeWhenGrantCountWorksThenGaugeAskedAtEachScrapeBesideTheClients() {
        OperatorMetrics m = new OperatorMetrics();
        AtomicLong grants = new AtomicLong(7);
        m.countClients(() -> 2);
        m.countGrants(grants::get);
        assertEquals(7.0, sample(text(m), "mcp_oauth_grants"));
        grants.set(4);
        String text = text(m);
        assertEquals(4.0, sample(text, "mcp_oauth_grants"), text);
        assertEquals(2.0, sample(text, "mcp_oauth_clients"), text);
        assertThrows(IllegalStateException.class, () -> m.countGrants(() -> 0));
    }

    @Test
    void scrapeWhenGrantCountFailsThenGaugeLeftOutAndClientsStay() {
        OperatorMetrics m = new OperatorMetrics();
        m.countClients(() -> 2);
        m.countGrants(() -> {
            throw new StorageUnavailableException("storage down", new RuntimeException("connection refused"));
        });
        String text = text(m);
        assertThrows(AssertionError.class, () -> sample(text, "mcp_oauth_grants"), text);
        assertEquals(2.0, sample(text, "mcp_oauth_clients"), text);
    }

    @Test
    void scrapeWhenClientCountFailsThenOtherMetricsAnswerAndGaugeLeftOut() {
        OperatorMetrics m = new OperatorMetrics();
        m.countClients(() -> {
            throw new StorageUnavailableException("storage down", new RuntimeException("connection refused"));
        });
        m.rateLimited("client_lockout");
        String text = text(m);
        assertEquals(1.0, sample(text, "mcp_oauth_rate_limited_total", "limit=\"client_lockout\""), text);
        assertThrows(AssertionError.class, () -> sample(text, "mcp_oauth_clients"), text);
        assertTrue(text.contains("mcp_oauth_tokens_issued_total"), text);
    }
}

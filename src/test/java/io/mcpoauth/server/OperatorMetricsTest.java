package io.mcpoauth.server;

import static io.mcpoauth.metrics.Samples.sample;
import static io.mcpoauth.server.ProviderFixture.LOOPBACK;
import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static io.mcpoauth.server.ProviderFixture.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.metrics.MetricsSettings;
import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimitedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters of {@code /admin/metrics} after known requests, and who may read them. */
class OperatorMetricsTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String SCRAPER = "metrics-token-0123456789";
    private static final MetricsSettings WITH_SCRAPER = new MetricsSettings(SCRAPER);

    private final ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN));

    private String scrape() {
        OperatorMetrics.Exposition e = f.metricsService(WITH_SCRAPER).scrape(SCRAPER, null, RequestContext.UNKNOWN);
        return new String(e.body(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> clientCredentials() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        return form;
    }

    @Test
    void scrapeAfterKnownRequestsThenEachCounted() {
        TokenResponse first = f.exchange(f.code("app", REDIRECT), REDIRECT);
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertThrows(OAuthException.class, () -> f.refresh(first.refreshToken(), null), "reuse");
        String code = f.code("app", REDIRECT);
        f.exchange(code, REDIRECT);
        assertThrows(OAuthException.class, () -> f.exchange(code, REDIRECT), "replay");
        f.token(clientCredentials(), basic("svc", SECRET));
        f.token(clientCredentials(), basic("svc", SECRET));
        assertThrows(OAuthException.class, () -> f.token(clientCredentials(), basic("svc", "wrong")));
        Map<String, String> publicExchange = ProviderFixture.codeForm(f.code("cli", LOOPBACK));
        publicExchange.put("redirect_uri", LOOPBACK);
        publicExchange.put("client_id", "cli");
        f.token(publicExchange, null);
        TokenResponse third = f.exchange(f.code("app", REDIRECT), REDIRECT);
        f.revoke(third.accessToken(), null, "app");
        f.revoke(third.refreshToken(), "refresh_token", "app");
        f.revoke("no-such-token", null, "app");
        assertFalse(second.accessToken().isEmpty());

        String text = scrape();
        assertEquals(3.0, sample(text, "mcp_oauth_tokens_issued_total",
                "grant_type=\"authorization_code\"", "client_kind=\"confidential\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_tokens_issued_total",
                "grant_type=\"authorization_code\"", "client_kind=\"public\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_tokens_issued_total",
                "grant_type=\"refresh_token\"", "client_kind=\"confidential\""), text);
        assertEquals(2.0, sample(text, "mcp_oauth_tokens_issued_total",
                "grant_type=\"client_credentials\"", "client_kind=\"confidential\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_refresh_reuse_detected_total"), text);
        assertEquals(1.0, sample(text, "mcp_oauth_code_replays_total"), text);
        assertEquals(2.0, sample(text, "mcp_oauth_token_errors_total", "error=\"invalid_grant\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_token_errors_total", "error=\"invalid_client\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_revocations_total", "token_type=\"access_token\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_revocations_total", "token_type=\"refresh_token\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_revocations_total", "token_type=\"unknown\""), text);
        assertEquals(0.0, sample(text, "mcp_oauth_rate_limited_total", "limit=\"client\""), text);
    }

    @Test
    void labelsWhenCallerSendsUnknownValuesThenOnlyFixedValuesAppear() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:example:grant-type-of-the-attacker");
        assertThrows(OAuthException.class, () -> f.token(form, basic("app", SECRET)));
        assertThrows(OAuthException.class, () -> f.token(clientCredentials(), basic("client-of-the-attacker", "x")));
        String text = scrape();
        assertFalse(text.contains("attacker"), text);
        assertFalse(text.contains("\"svc\"") || text.contains("\"app\""), "no client id is a label");
        assertEquals(1.0, sample(text, "mcp_oauth_token_errors_total", "error=\"unsupported_grant_type\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_token_errors_total", "error=\"invalid_client\""), text);
    }

    @Test
    void rateLimitWhenPerClientLimitReachedThenRefusalCountedByLimit() {
        ProviderFixture limited = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN,
                "mcp.oauth.rate-limit.per-client", "2"));
        for (int i = 0; i < 2; i++) {
            limited.token(clientCredentials(), basic("svc", SECRET));
        }
        assertThrows(RateLimitedException.class, () -> limited.token(clientCredentials(), basic("svc", SECRET)));
        String text = new String(limited.metricsService(MetricsSettings.load(k -> java.util.Optional.empty()))
                .scrape(ADMIN, null, RequestContext.UNKNOWN).body(), StandardCharsets.UTF_8);
        assertEquals(1.0, sample(text, "mcp_oauth_rate_limited_total", "limit=\"client\""), text);
        assertEquals(1.0, sample(text, "mcp_oauth_token_errors_total", "error=\"temporarily_unavailable\""), text);
    }

    @Test
    void tokenWhenLockoutKeepsSecretUncheckedThenRefusalCountedAsClientLockout() {
        RequestContext from = new RequestContext("198.51.100.66");
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertThrows(OAuthException.class,
                    () -> f.token(clientCredentials(), basic("svc", "guess-" + n), from));
        }
        assertThrows(RateLimitedException.class, () -> f.token(clientCredentials(), basic("svc", "guess-10"), from));
        assertThrows(RateLimitedException.class, () -> f.token(clientCredentials(), basic("svc", "guess-11"), from));
        String text = scrape();
        assertEquals(2.0, sample(text, "mcp_oauth_rate_limited_total", "limit=\"client_lockout\""), text);
        assertEquals(0.0, sample(text, "mcp_oauth_rate_limited_total", "limit=\"client\""), text);
        assertEquals(10.0, sample(text, "mcp_oauth_token_errors_total", "error=\"invalid_client\""), text);
    }

    @Test
    void scrapeAfterRegistrationsThenClientsGaugeCountsThem() {
        double before = sample(scrape(), "mcp_oauth_clients");
        for (int i = 0; i < 2; i++) {
            f.register(Map.of("redirect_uris", java.util.List.of("http://127.0.0.1/cb"),
                    "token_endpoint_auth_method", "none", "client_name", "app " + i), null, RequestContext.UNKNOWN);
        }
        String text = scrape();
        assertEquals(before + 2, sample(text, "mcp_oauth_clients"), text);
    }

    /** The grants gauge counts the live grants of the index (a machine token's, a code exchange's) until they expire. */
    @Test
    void scrapeAfterTokensThenGrantsGaugeCountsTheLiveGrants() {
        double before = sample(scrape(), "mcp_oauth_grants");
        f.token(clientCredentials(), basic("svc", SECRET), RequestContext.UNKNOWN);
        f.exchange(f.code("app", REDIRECT), REDIRECT);
        String text = scrape();
        assertEquals(before + 2, sample(text, "mcp_oauth_grants"), text);
        f.clock.advance(java.time.Duration.ofDays(31));
        assertEquals(0.0, sample(scrape(), "mcp_oauth_grants"), "every grant has expired");
    }

    @Test
    void loginWhenRefusedThenCountedByMode() {
        f.authorization().loginFailed("app", null, "no gateway header", RequestContext.UNKNOWN);
        f.authorization().loginFailed("app", "mallory", "untrusted peer", RequestContext.UNKNOWN);
        String text = scrape();
        assertEquals(2.0, sample(text, "mcp_oauth_login_failures_total", "mode=\"header\""), text);
        assertEquals(0.0, sample(text, "mcp_oauth_login_failures_total", "mode=\"form\""), text);
        assertFalse(text.contains("mallory"), text);
    }

    @Test
    void scrapeWhenAdminOrMetricsTokenThenTextFormatAndOpenMetricsWhenAsked() {
        OperatorMetrics.Exposition plain = f.metricsService(WITH_SCRAPER).scrape(ADMIN, null, RequestContext.UNKNOWN);
        assertTrue(plain.contentType().startsWith("text/plain; version=0.0.4"), plain.contentType());
        OperatorMetrics.Exposition open = f.metricsService(WITH_SCRAPER).scrape(SCRAPER,
                "application/openmetrics-text; version=1.0.0, text/plain;q=0.5", RequestContext.UNKNOWN);
        assertTrue(open.contentType().startsWith("application/openmetrics-text"), open.contentType());
        assertTrue(new String(open.body(), StandardCharsets.UTF_8).endsWith("# EOF\n"));
    }

    @Test
    void scrapeWhenWrongTokenThenRefusedAndMetricsTokenOpensNothingElse() {
        MetricsService service = f.metricsService(WITH_SCRAPER);
        assertEquals("invalid_token", assertThrows(OAuthException.class,
                () -> service.scrape("guess", null, RequestContext.UNKNOWN)).error().code());
        assertEquals("invalid_token", assertThrows(OAuthException.class,
                () -> service.scrape(null, null, RequestContext.UNKNOWN)).error().code());
        assertEquals("invalid_token", assertThrows(OAuthException.class,
                () -> f.admin().exportStorage(SCRAPER, RequestContext.UNKNOWN)).error().code(),
                "the scraper's token is not an admin token");
    }

    @Test
    void scrapeWhenNeitherTokenConfiguredThenNoSuchEndpoint() {
        ProviderFixture none = new ProviderFixture();
        MetricsService service = none.metricsService(new MetricsSettings(""));
        assertThrows(EndpointDisabledException.class, () -> service.scrape("", null, RequestContext.UNKNOWN));
        assertThrows(EndpointDisabledException.class, () -> service.scrape(null, null, RequestContext.UNKNOWN));
    }

    @Test
    void scrapeWhenTooManyWrongTokensThenAddressLockedOutLikeAdmin() {
        ProviderFixture strict = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN,
                "mcp.oauth.rate-limit.admin-failures-per-address", "2"));
        MetricsService service = strict.metricsService(WITH_SCRAPER);
        RequestContext from = new RequestContext("203.0.113.9");
        for (int i = 0; i < 2; i++) {
            assertThrows(OAuthException.class, () -> service.scrape("guess", null, from));
        }
        assertThrows(RateLimitedException.class, () -> service.scrape(SCRAPER, null, from),
                "the right token is refused too while locked out");
        assertEquals(1.0, sample(new String(service.scrape(SCRAPER, null, RequestContext.UNKNOWN).body(),
                StandardCharsets.UTF_8), "mcp_oauth_rate_limited_total", "limit=\"admin\""));
    }
}

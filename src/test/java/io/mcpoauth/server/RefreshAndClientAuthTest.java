package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static io.mcpoauth.server.ProviderFixture.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RefreshAndClientAuthTest {

    private final ProviderFixture f = new ProviderFixture();

    private TokenResponse tokens() {
        return f.exchange(f.code("app", REDIRECT), REDIRECT);
    }

    @Test
    void refreshWhenValidThenRotatedAndOldTokenNoLongerWorks() {
        TokenResponse first = tokens();
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertEquals("mcp:read mcp:write", second.scope());
        TokenResponse third = f.refresh(second.refreshToken(), null);
        assertTrue(f.storage.accessTokens().findAccessToken(Tokens.hash(third.accessToken()),
                f.clock.instant()).isPresent());
    }

    @Test
    void refreshWhenRotatedTokenReusedThenFamilyRevoked() {
        TokenResponse first = tokens();
        TokenResponse second = f.refresh(first.refreshToken(), null);
        assertEquals("invalid_grant", assertThrows(OAuthException.class, () -> f.refresh(first.refreshToken(), null))
                .error().code());
        // RFC 9700 4.14.2: the legitimate holder's newer token dies too.
        assertThrows(OAuthException.class, () -> f.refresh(second.refreshToken(), null));
        assertFalse(f.storage.accessTokens().findAccessToken(Tokens.hash(second.accessToken()),
                f.clock.instant()).isPresent());
    }

    @Test
    void refreshWhenAccessTokenExpiredThenRefreshStillWorks() {
        TokenResponse first = tokens();
        f.clock.advance(Duration.ofHours(2));
        assertFalse(f.storage.accessTokens().findAccessToken(Tokens.hash(first.accessToken()),
                f.clock.instant()).isPresent());
        assertTrue(f.refresh(first.refreshToken(), null).accessToken().length() >= 43);
    }

    @Test
    void refreshWhenTwentyNineDaysOldThenStillWorksAndAfterThirtyDaysExpired() {
        TokenResponse first = tokens();
        f.clock.advance(Duration.ofDays(29));
        TokenResponse second = f.refresh(first.refreshToken(), null);
        f.clock.advance(Duration.ofDays(30));
        assertEquals("invalid_grant",
                assertThrows(OAuthException.class, () -> f.refresh(second.refreshToken(), null)).error().code());
    }

    @Test
    void refreshWhenLongLifetimeConfiguredThenHonoured() {
        ProviderFixture year = new ProviderFixture(Map.of("mcp.oauth.token.refresh-ttl", "365d",
                "mcp.oauth.token.grant-max-lifetime", "400d"));
        TokenResponse t = year.exchange(year.code("app", REDIRECT), REDIRECT);
        year.clock.advance(Duration.ofDays(364));
        assertTrue(year.refresh(t.refreshToken(), null).refreshToken() != null);
    }

    @Test
    void refreshWhenScopeNarrowedThenAccessTokenNarrowAndFamilyKeepsOriginalScope() {
        TokenResponse first = tokens();
        TokenResponse narrow = f.refresh(first.refreshToken(), "mcp:read");
        assertEquals("mcp:read", narrow.scope());
        assertEquals("mcp:read mcp:write", f.refresh(narrow.refreshToken(), null).scope());
    }

    @Test
    void refreshWhenScopeWidenedThenInvalidScope() {
        ProviderFixture narrowFixture = new ProviderFixture();
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("scope", "mcp:read");
        String code = narrowFixture.authorize(p, "alice").get("code");
        TokenResponse t = narrowFixture.exchange(code, REDIRECT);
        assertEquals("invalid_scope", assertThrows(OAuthException.class,
                () -> narrowFixture.refresh(t.refreshToken(), "mcp:read mcp:write")).error().code());
    }

    @Test
    void refreshWhenConcurrentThenExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String refresh = tokens().refreshToken();
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> call = () -> {
                    start.await();
                    try {
                        f.refresh(refresh, null);
                        return true;
                    } catch (OAuthException e) {
                        return false;
                    }
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> r : results) {
                wins += r.get() ? 1 : 0;
            }
            pool.shutdown();
            assertEquals(1, wins, "exactly one concurrent refresh wins");
        }
    }

    @Test
    void tokenWhenSecretWrongOrClientUnknownThenInvalidClient() {
        String code = f.code("app", REDIRECT);
        Map<String, String> form = ProviderFixture.codeForm(code);
        for (String auth : List.of(ProviderFixture.basic("app", "wrong"), ProviderFixture.basic("ghost", SECRET),
                ProviderFixture.basic("app", ""))) {
            OAuthException e = assertThrows(OAuthException.class, () -> f.token(form, auth));
            assertEquals("invalid_client", e.error().code());
            assertEquals(401, e.error().httpStatus());
        }
        // The failed attempts did not burn the code: authentication comes first.
        assertTrue(f.token(form, ProviderFixture.basic("app", SECRET)).accessToken() != null);
    }

    @Test
    void tokenWhenSecretInPostBodyThenAccepted() {
        Map<String, String> form = ProviderFixture.codeForm(f.code("app", REDIRECT));
        form.put("client_id", "app");
        form.put("client_secret", SECRET);
        assertTrue(f.token(form, null).accessToken() != null);
    }

    @Test
    void tokenWhenConfidentialClientSendsNoSecretThenInvalidClient() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", tokens().refreshToken());
        form.put("client_id", "app");
        assertEquals("invalid_client", assertThrows(OAuthException.class, () -> f.token(form, null)).error().code());
    }

    @Test
    void tokenWhenTwoAuthenticationMethodsThenInvalidRequest() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_secret", SECRET);
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("app", SECRET)));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void tokenWhenGrantTypeUnknownThenUnsupportedGrantType() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        assertEquals("unsupported_grant_type", assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("app", SECRET))).error().code());
    }

    @Test
    void tokenWhenRefreshTokenOfAnotherClientThenInvalidGrant() {
        String refresh = tokens().refreshToken();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refresh);
        form.put("client_id", "cli");
        assertEquals("invalid_grant", assertThrows(OAuthException.class, () -> f.token(form, null)).error().code());
        assertTrue(f.refresh(refresh, null).accessToken() != null, "the rightful client's token still works");
    }

    @Test
    void metadataWhenServedThenAdvertisesS256AndNoNulls() {
        Map<String, Object> m = f.metadata().metadata();
        assertEquals("https://as.example.com", m.get("issuer"));
        assertEquals(List.of("S256"), m.get("code_challenge_methods_supported"));
        assertEquals(List.of("code"), m.get("response_types_supported"));
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token"), m.get("grant_types_supported"));
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"),
                m.get("token_endpoint_auth_methods_supported"));
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"),
                m.get("revocation_endpoint_auth_methods_supported"));
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt"),
                m.get("introspection_endpoint_auth_methods_supported"));
        // RFC 8414 2: private_key_jwt is listed, so are the algorithms its assertions may use (none never).
        for (String endpoint : List.of("token", "revocation", "introspection")) {
            assertEquals(List.of("ES256", "RS256"), m.get(endpoint + "_endpoint_auth_signing_alg_values_supported"));
        }
        assertEquals("https://as.example.com/introspect", m.get("introspection_endpoint"));
        assertEquals("https://as.example.com/revoke", m.get("revocation_endpoint"));
        assertFalse(m.containsValue(null));
    }
}

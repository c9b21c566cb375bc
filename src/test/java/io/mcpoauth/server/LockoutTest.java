package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.ratelimit.RateLimitedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The failed-authentication lockout is no weapon: a client presenting correct credentials is not refused because
 * someone else failed (issue 13, item 3), while guesses stop.
 */
class LockoutTest {

    private static final RequestContext RESOURCE_SERVER = new RequestContext("192.0.2.10");
    private static final RequestContext ATTACKER = new RequestContext("198.51.100.66");

    private static Map<String, Object> introspect(ProviderFixture f, String clientId, String secret,
            RequestContext from) {
        Parameters params = Parameters.of(Map.of("token", "no-such-token"));
        return f.provider.introspect(params, ClientCredentials.from(ProviderFixture.basic(clientId, secret), params),
                from);
    }

    private static TokenResponse clientCredentials(ProviderFixture f, String clientId, String secret,
            RequestContext from) {
        Parameters params = Parameters.of(Map.of("grant_type", "client_credentials"));
        return f.provider.token(new TokenRequest(params,
                ClientCredentials.from(ProviderFixture.basic(clientId, secret), params), from));
    }

    private static String failure(Runnable request) {
        return assertThrows(OAuthException.class, request::run).error().code();
    }

    @Test
    void introspectWhenElevenWrongSecretsFromAnotherAddressThenTheRightSecretIsStillAnswered() {
        ProviderFixture f = new ProviderFixture();
        for (int i = 0; i < 11; i++) {
            int n = i;
            failure(() -> introspect(f, "rs", "guess-" + n, ATTACKER));
        }
        // Never verified before the attack, from an address nobody failed from: checked as usual.
        assertEquals(Boolean.FALSE, introspect(f, "rs", ProviderFixture.SECRET, RESOURCE_SERVER).get("active"));
    }

    @Test
    void introspectWhenWrongSecretsFromTheSameAddressThenGuessesStopAndTheVerifiedSecretIsAnswered() {
        ProviderFixture f = new ProviderFixture();
        assertEquals(Boolean.FALSE, introspect(f, "rs", ProviderFixture.SECRET, RESOURCE_SERVER).get("active"));
        for (int i = 0; i < 10; i++) {
            int n = i;
            assertEquals("invalid_client", failure(() -> introspect(f, "rs", "guess-" + n, RESOURCE_SERVER)));
        }
        RateLimitedException locked = assertThrows(RateLimitedException.class,
                () -> introspect(f, "rs", "guess-10", RESOURCE_SERVER));
        assertTrue(locked.retryAfterSeconds() > 0 && locked.retryAfterSeconds() <= 60);
        for (int i = 0; i < 5; i++) {
            assertEquals(Boolean.FALSE, introspect(f, "rs", ProviderFixture.SECRET, RESOURCE_SERVER).get("active"));
        }
    }

    @Test
    void tokenWhenPublicClientSentBogusSecretsThenItsNextCodeExchangeSucceeds() {
        ProviderFixture f = new ProviderFixture();
        for (int i = 0; i < 40; i++) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", "anything");
            form.put("client_id", "cli");
            form.put("client_secret", "bogus-" + i);
            Parameters params = Parameters.of(form);
            assertEquals("invalid_client", failure(() -> f.provider.token(new TokenRequest(params,
                    ClientCredentials.from(null, params), ATTACKER))), "each bogus secret fails alone, never 429");
        }
        String code = f.code("cli", ProviderFixture.LOOPBACK);
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("redirect_uri", ProviderFixture.LOOPBACK);
        form.put("client_id", "cli");
        Parameters params = Parameters.of(form);
        assertNotNull(f.provider.token(new TokenRequest(params, ClientCredentials.from(null, params), ATTACKER))
                .accessToken(), "even from the address that sent them");
    }

    @Test
    void tokenWhenRandomIdsFailFromTheSharedAddressThenAVerifiedClientIsStillServed() {
        ProviderFixture f = new ProviderFixture();
        // Without trusted proxies every request through a proxy has the proxy's address.
        RequestContext proxy = new RequestContext("10.0.0.1");
        assertNotNull(clientCredentials(f, "svc", ProviderFixture.SECRET, proxy).accessToken());
        for (int i = 0; i < 31; i++) {
            int n = i;
            assertThrows(OAuthException.class, () -> clientCredentials(f, "random-" + n, "guess", proxy));
        }
        assertThrows(RateLimitedException.class, () -> clientCredentials(f, "random-x", "guess", proxy),
                "the address may no longer have secrets checked");
        assertNotNull(clientCredentials(f, "svc", ProviderFixture.SECRET, proxy).accessToken());
    }

    @Test
    void authenticateWhenClientUnderAttackFromManyAddressesThenOnlyVerifiedSecretsAccepted() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.auth-failures-per-client-total", "5"));
        assertNotNull(clientCredentials(f, "rs", ProviderFixture.SECRET, RESOURCE_SERVER).accessToken());
        for (int i = 0; i < 5; i++) {
            int n = i;
            failure(() -> clientCredentials(f, "rs", "guess", new RequestContext("198.51.100." + n)));
            failure(() -> clientCredentials(f, "svc", "guess", new RequestContext("198.51.100." + n)));
        }
        RequestContext elsewhere = new RequestContext("203.0.113.5");
        assertNotNull(clientCredentials(f, "rs", ProviderFixture.SECRET, elsewhere).accessToken(),
                "a secret verified before the attack is accepted");
        assertThrows(RateLimitedException.class,
                () -> clientCredentials(f, "rs", "guess-2", new RequestContext("203.0.113.6")),
                "a guess is not checked");
        RateLimitedException unseen = assertThrows(RateLimitedException.class,
                () -> clientCredentials(f, "svc", ProviderFixture.SECRET, elsewhere),
                "a secret this server never verified is not checked while the client is under attack");
        assertTrue(unseen.retryAfterSeconds() > 0 && unseen.retryAfterSeconds() <= 60);
        f.clock.advance(Duration.ofSeconds(61));
        assertNotNull(clientCredentials(f, "svc", ProviderFixture.SECRET, elsewhere).accessToken());
    }

    @Test
    void tokenWhenConfidentialClientSendsNoSecretThenFailsWithoutLockingIt() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.rate-limit.auth-failures-per-client", "2"));
        for (int i = 0; i < 5; i++) {
            Parameters params = Parameters.of(Map.of("grant_type", "client_credentials", "client_id", "svc"));
            assertEquals("invalid_client", failure(() -> f.provider.token(new TokenRequest(params,
                    ClientCredentials.from(null, params), RESOURCE_SERVER))));
        }
        assertNotNull(clientCredentials(f, "svc", ProviderFixture.SECRET, RESOURCE_SERVER).accessToken());
    }
}

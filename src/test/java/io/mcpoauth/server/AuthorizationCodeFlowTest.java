package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.LOOPBACK;
import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.UserFacingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationCodeFlowTest {

    private final ProviderFixture f = new ProviderFixture();

    @Test
    void authorizeWhenValidThenRedirectCarriesCodeStateAndIssuer() {
        Map<String, String> q = f.authorize(ProviderFixture.authorizeParams("app", REDIRECT), "alice");
        assertEquals("xyz", q.get("state"));
        assertEquals("https://as.example.com", q.get("iss"));
        assertTrue(q.get("code").length() >= 43, "code has at least 256 bits");
    }

    @Test
    void exchangeWhenValidThenAccessAndRefreshTokensStoredOnlyAsHashes() {
        TokenResponse t = f.exchange(f.code("app", REDIRECT), REDIRECT);
        assertEquals(3600, t.expiresIn());
        assertNotNull(t.refreshToken());
        assertEquals("mcp:read mcp:write", t.scope());
        var stored = f.storage.accessTokens().findAccessToken(Tokens.hash(t.accessToken()), f.clock.instant());
        assertTrue(stored.isPresent());
        assertEquals("alice", stored.get().grant().subject());
        assertFalse(f.storage.accessTokens().findAccessToken(t.accessToken(), f.clock.instant()).isPresent(),
                "the raw token is not a key");
    }

    @Test
    void exchangeWhenCodeReplayedThenInvalidGrantAndIssuedTokensRevoked() {
        String code = f.code("app", REDIRECT);
        TokenResponse first = f.exchange(code, REDIRECT);
        OAuthException e = assertThrows(OAuthException.class, () -> f.exchange(code, REDIRECT));
        assertEquals("invalid_grant", e.error().code());
        assertFalse(f.storage.accessTokens().findAccessToken(Tokens.hash(first.accessToken()),
                f.clock.instant()).isPresent());
        OAuthException refresh = assertThrows(OAuthException.class, () -> f.refresh(first.refreshToken(), null));
        assertEquals("invalid_grant", refresh.error().code());
    }

    @Test
    void exchangeWhenVerifierWrongThenInvalidGrantAndCodeSpent() {
        String code = f.code("app", REDIRECT);
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("code_verifier", "x".repeat(43));
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("app", ProviderFixture.SECRET)));
        assertEquals("invalid_grant", e.error().code());
        assertThrows(OAuthException.class, () -> f.exchange(code, REDIRECT));
    }

    @Test
    void exchangeWhenVerifierMissingThenInvalidRequest() {
        Map<String, String> form = ProviderFixture.codeForm(f.code("app", REDIRECT));
        form.remove("code_verifier");
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("app", ProviderFixture.SECRET)));
        assertEquals("invalid_request", e.error().code());
    }

    @Test
    void exchangeWhenRedirectUriDiffersThenInvalidGrant() {
        String code = f.code("app", REDIRECT);
        OAuthException e = assertThrows(OAuthException.class, () -> f.exchange(code, LOOPBACK));
        assertEquals("invalid_grant", e.error().code());
    }

    @Test
    void exchangeWhenCodeExpiredThenInvalidGrant() {
        String code = f.code("app", REDIRECT);
        f.clock.advance(Duration.ofMinutes(11));
        assertEquals("invalid_grant", assertThrows(OAuthException.class, () -> f.exchange(code, REDIRECT)).error().code());
    }

    @Test
    void exchangeWhenCodeOfAnotherClientThenInvalidGrant() {
        String code = f.code("cli", LOOPBACK);
        OAuthException e = assertThrows(OAuthException.class, () -> f.exchange(code, LOOPBACK));
        assertEquals("invalid_grant", e.error().code());
    }

    @Test
    void publicClientWhenNoSecretThenTokensIssued() {
        String code = f.code("cli", LOOPBACK);
        Map<String, String> form = ProviderFixture.codeForm(code);
        form.put("client_id", "cli");
        TokenResponse t = f.token(form, null);
        assertNotNull(t.refreshToken());
        assertEquals("", t.scope(), "cli has no scopes configured and asked for none");
    }

    @Test
    void authorizeWhenPlainPkceThenRedirectedInvalidRequest() {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("code_challenge_method", "plain");
        AuthorizationRedirectException e = assertThrows(AuthorizationRedirectException.class,
                () -> f.validate(Parameters.of(p)));
        assertEquals("invalid_request", e.error().code());
        Map<String, String> q = Query.of(f.authorization().errorRedirect(e));
        assertEquals("xyz", q.get("state"));
        assertEquals("https://as.example.com", q.get("iss"));
        assertEquals("invalid_request", q.get("error"));
    }

    @Test
    void authorizeWhenChallengeMissingOrMalformedThenRedirectedInvalidRequest() {
        for (String challenge : new String[] {null, "short", "a".repeat(44), "=".repeat(43)}) {
            Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
            if (challenge == null) {
                p.remove("code_challenge");
            } else {
                p.put("code_challenge", challenge);
            }
            assertEquals("invalid_request", assertThrows(AuthorizationRedirectException.class,
                    () -> f.validate(Parameters.of(p))).error().code());
        }
    }

    @Test
    void authorizeWhenResponseTypeTokenThenRedirectedUnsupportedResponseType() {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("response_type", "token");
        assertEquals("unsupported_response_type", assertThrows(AuthorizationRedirectException.class,
                () -> f.validate(Parameters.of(p))).error().code());
    }

    @Test
    void authorizeWhenScopeNotAllowedThenRedirectedInvalidScope() {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("scope", "admin");
        assertEquals("invalid_scope", assertThrows(AuthorizationRedirectException.class,
                () -> f.validate(Parameters.of(p))).error().code());
    }

    @Test
    void authorizeWhenUnknownClientThenErrorNotRedirected() {
        OAuthException e = assertThrows(UserFacingException.class, () -> f.validate(
                Parameters.of(ProviderFixture.authorizeParams("nobody", REDIRECT))));
        assertFalse(e instanceof AuthorizationRedirectException);
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThenErrorNotRedirected() {
        for (String uri : List.of("https://client.example.com/cb/extra", "https://evil.example.com/cb",
                "https://client.example.com/cb?x=1", "http://localhost/callback", "http://127.0.0.1/other")) {
            OAuthException e = assertThrows(UserFacingException.class, () -> f.validate(
                    Parameters.of(ProviderFixture.authorizeParams("app", uri))), uri);
            assertFalse(e instanceof AuthorizationRedirectException, uri);
        }
    }

    @Test
    void authorizeWhenLoopbackPortDiffersThenAccepted() {
        // RFC 8252 7.3: native apps listen on an ephemeral port.
        Map<String, String> q = f.authorize(ProviderFixture.authorizeParams("app", "http://127.0.0.1:53127/callback"), "bob");
        assertNotNull(q.get("code"));
    }

    @Test
    void authorizeWhenClientIdRepeatedThenErrorNotRedirected() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        ProviderFixture.authorizeParams("app", REDIRECT).forEach((k, v) -> m.put(k, List.of(v)));
        m.put("client_id", List.of("app", "cli"));
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.validate(new Parameters(m)));
        assertInstanceOf(UserFacingException.class, e);
        assertFalse(e instanceof AuthorizationRedirectException);
    }

    @Test
    void authorizeWhenMalformedResourceThenRedirectedInvalidTarget() {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("resource", "https://mcp.example.com/#frag");
        assertEquals("invalid_target", assertThrows(AuthorizationRedirectException.class,
                () -> f.validate(Parameters.of(p))).error().code());
    }

    @Test
    void loginWhenCompletedTwiceThenSecondRefused() {
        ValidatedAuthorization auth = f.validate(
                Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)));
        AuthorizationStep.Login login = (AuthorizationStep.Login) f.begin(auth, null);
        assertTrue(f.authorization().awaitingLogin(login.requestId()).isPresent());
        AuthorizationStep next = f.loggedIn(login.requestId(), "carol");
        assertInstanceOf(AuthorizationStep.Consent.class, next, "a first authorization asks for consent");
        assertFalse(f.authorization().awaitingLogin(login.requestId()).isPresent());
        assertThrows(OAuthException.class,
                () -> f.loggedIn(login.requestId(), "carol"));
        assertNotEquals(login.requestId(), Tokens.hash(login.requestId()));
    }
}

package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.ratelimit.RateLimitedException;
import io.mcpoauth.server.AuthorizationRedirectException;
import io.mcpoauth.server.AuthorizationResponses;
import io.mcpoauth.server.EndpointDisabledException;
import io.mcpoauth.store.StorageUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Each error type goes where its type says, whatever the path it was raised under. */
class ErrorRoutesTest {

    static final String ISSUER = "https://as.example.com";
    private static final String SECRET_DETAIL = "row 17 of oauth_tokens locked by pid 4242";

    /** What the mapper JAX-RS would pick for the exception answers. */
    static Answer answer(RuntimeException e) {
        if (e instanceof OAuthException o) {
            return ErrorRoutes.answer(o, r -> AuthorizationResponses.error(r, ISSUER));
        }
        if (e instanceof StorageUnavailableException s) {
            return ErrorRoutes.answer(s);
        }
        if (e instanceof EndpointDisabledException d) {
            return ErrorRoutes.answer(d);
        }
        throw new AssertionError("no mapper for " + e, e);
    }

    /** The answer to what the page's work threw, as the page resources run it. */
    static Answer page(RuntimeException thrown) {
        return answer(assertThrows(RuntimeException.class, () -> ErrorRoutes.shownToUser(() -> {
            throw thrown;
        })));
    }

    static void assertPage(Answer a, int status, String code) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("text/html"), a.header("Content-Type"));
        assertEquals("DENY", a.header("X-Frame-Options"));
        assertTrue(a.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("no-store", a.header("Cache-Control"));
        assertNull(a.header("Location"));
        assertTrue(a.body().contains("<code>" + code + "</code>"), a.body());
    }

    static void assertJson(Answer a, int status, String body) {
        assertEquals(status, a.status(), a.body());
        assertEquals("application/json", a.header("Content-Type"));
        assertEquals("no-store", a.header("Cache-Control"));
        assertEquals("no-cache", a.header("Pragma"));
        assertNull(a.header("Location"));
        assertEquals(body, a.body());
    }

    @Test
    void answerWhenAuthorizationRedirectThenFoundToClientWithErrorStateAndIssuer() {
        Answer a = answer(new AuthorizationRedirectException(OAuthError.INVALID_SCOPE, "scope x is unknown",
                "https://client.example/cb?keep=1", "s1"));
        assertEquals(302, a.status());
        assertEquals("https://client.example/cb?keep=1&error=invalid_scope&error_description=scope+x+is+unknown"
                + "&state=s1&iss=https%3A%2F%2Fas.example.com", a.header("Location"));
        assertEquals("no-store", a.header("Cache-Control"));
        assertNull(a.body());
    }

    @Test
    void answerWhenUserFacingThenPageWithCodeAndEscapedDescription() {
        Answer a = answer(new UserFacingException(OAuthError.INVALID_REQUEST, "redirect_uri <b>is</b> unknown"));
        assertPage(a, 400, "invalid_request");
        assertTrue(a.body().contains("redirect_uri &lt;b&gt;is&lt;/b&gt; unknown"), a.body());
        assertNull(a.header("Retry-After"));
        assertPage(answer(new UserFacingException(OAuthError.ACCESS_DENIED, "shown to another user")), 403,
                "access_denied");
    }

    @Test
    void answerWhenOAuthExceptionThenClientJsonWithItsChallenge() {
        assertJson(answer(OAuthException.invalidGrant("code expired")), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}");
        Answer client = answer(OAuthException.invalidClient("client authentication failed"));
        assertJson(client, 401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
        assertEquals("Basic realm=\"mcp-oauth\"", client.header("WWW-Authenticate"));
        Answer token = answer(new OAuthException(OAuthError.INVALID_TOKEN, "a valid admin token is required"));
        assertEquals("Bearer error=\"invalid_token\"", token.header("WWW-Authenticate"));
        Answer busy = answer(new OAuthException(OAuthError.TEMPORARILY_UNAVAILABLE, "too many fetches"));
        assertJson(busy, 503, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"too many fetches\"}");
        assertEquals("5", busy.header("Retry-After"));
    }

    @Test
    void answerWhenRateLimitedThen429WithItsWaitAsJsonOrAsThePagesOwn() {
        Answer json = answer(new RateLimitedException(37));
        assertJson(json, 429,
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"too many requests; retry later\"}");
        assertEquals("37", json.header("Retry-After"));
        Answer page = page(new RateLimitedException(12));
        assertPage(page, 429, "temporarily_unavailable");
        assertEquals("12", page.header("Retry-After"));
    }

    @Test
    void answerWhenStorageUnavailableThen503WithRetryAfterAndNoBackendWords() {
        StorageUnavailableException down = new StorageUnavailableException("in-memory storage is full");
        Answer json = answer(down);
        assertJson(json, 503,
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"storage is temporarily unavailable\"}");
        assertEquals("5", json.header("Retry-After"));
        Answer page = page(down);
        assertPage(page, 503, "temporarily_unavailable");
        assertEquals("5", page.header("Retry-After"));
        assertFalse(page.body().contains("memory") || json.body().contains("memory"), page.body());
    }

    @Test
    void answerWhenEndpointDisabledThen404AsAnUnknownPath() {
        assertJson(answer(new EndpointDisabledException("no such endpoint")), 404,
                "{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
        assertJson(answer(new EndpointDisabledException("dynamic client registration is disabled")), 404,
                "{\"error\":\"not_found\",\"error_description\":\"dynamic client registration is disabled\"}");
    }

    @Test
    void shownToUserWhenPlainOAuthErrorThenPageAndRoutedErrorsPassUnchanged() {
        assertPage(page(OAuthException.invalidRequest("request is longer than allowed")), 400, "invalid_request");
        assertPage(page(OAuthException.invalidClient("client metadata document could not be used")), 401,
                "invalid_client");
        AuthorizationRedirectException redirect = new AuthorizationRedirectException(OAuthError.INVALID_SCOPE, "x",
                "https://client.example/cb", null);
        assertSame(redirect, assertThrows(AuthorizationRedirectException.class,
                () -> ErrorRoutes.shownToUser(() -> {
                    throw redirect;
                })));
        UserFacingException shown = new UserFacingException(OAuthError.INVALID_REQUEST, "expired");
        assertSame(shown, assertThrows(UserFacingException.class, () -> ErrorRoutes.shownToUser(() -> {
            throw shown;
        })));
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> ErrorRoutes.shownToUser(() -> {
            throw bug;
        })), "anything unexpected stays the unexpected-error mapper's");
    }

    @Test
    void answerWhenDebugDetailThenLoggedAndNeverSent() {
        List<LogRecord> logged = new ArrayList<>();
        Logger log = Logger.getLogger(ErrorRoutes.class.getName());
        Level level = log.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.setLevel(Level.FINE);
        log.addHandler(handler);
        try {
            List<Supplier<Answer>> answers = List.of(
                    () -> answer(new OAuthException(OAuthError.INVALID_CLIENT, "unusable", SECRET_DETAIL, null)),
                    () -> page(new OAuthException(OAuthError.INVALID_CLIENT, "unusable", SECRET_DETAIL, null)),
                    () -> answer(new UserFacingException(OAuthError.INVALID_REQUEST, "expired", SECRET_DETAIL, null,
                            0)),
                    () -> answer(new AuthorizationRedirectException(OAuthError.INVALID_REQUEST, "bad", "https://c/cb",
                            "s") {
                        @Override
                        public String debug() {
                            return SECRET_DETAIL;
                        }
                    }),
                    () -> answer(new StorageUnavailableException(SECRET_DETAIL)),
                    () -> page(new StorageUnavailableException(SECRET_DETAIL)));
            for (Supplier<Answer> call : answers) {
                logged.clear();
                Answer a = call.get();
                String sent = a.status() + " " + a.headers() + " " + a.body();
                assertFalse(sent.contains("4242") || sent.contains("oauth_tokens"), sent);
                assertEquals(1, logged.size(), sent);
                assertTrue(logged.get(0).getMessage().contains(SECRET_DETAIL), logged.get(0).getMessage());
            }
        } finally {
            log.removeHandler(handler);
            log.setLevel(level);
        }
    }
}

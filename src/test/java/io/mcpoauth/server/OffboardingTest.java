package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.audit.LogCapture;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Offboarding and blocks through the provider (memory storage): an offboarded user's tokens die at once, a code
 * or refresh token in flight is refused with its grant revoked, a new sign-in is sent back {@code access_denied}
 * (after a gateway's login, a login page's, and on the consent page), until the block ends or is lifted; the
 * deny list refuses for good. Each refusal audited with its reason.
 */
class OffboardingTest {

    private static final String ADMIN = "admin-token-for-offboarding";
    private static final RequestContext FROM = new RequestContext("127.0.0.218");

    private final ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.admin.token", ADMIN,
            "mcp.oauth.subjects.deny", "mallory, eve the intruder"));
    @AutoClose
    private final LogCapture audit = new LogCapture(AuditLog.LOGGER_NAME);

    private String code(String user) {
        return f.authorize(ProviderFixture.authorizeParams("app", REDIRECT), user).get("code");
    }

    private TokenResponse tokens(String user) {
        return f.exchange(code(user), REDIRECT);
    }

    private boolean active(TokenResponse t) {
        return (Boolean) f.introspect(t.accessToken(), "rs").get("active");
    }

    private void assertInvalidGrant(org.junit.jupiter.api.function.Executable call) {
        assertEquals("invalid_grant", assertThrows(OAuthException.class, call).error().code());
    }

    @Test
    void offboardWhenUserHoldsGrantsThenEveryTokenDeadAndRefreshRefused() {
        TokenResponse one = tokens("alice");
        TokenResponse two = tokens("alice");
        TokenResponse bob = tokens("bob");

        Map<String, Object> answer = f.subjectAdmin().offboard(ADMIN, "alice", null, FROM);

        assertEquals("alice", answer.get("subject"));
        assertEquals(2, answer.get("revoked"));
        assertEquals("2026-04-01T00:00:00Z", answer.get("blocked_until"), "the grant maximum lifetime, 90 days");
        assertFalse(active(one));
        assertFalse(active(two));
        assertTrue(active(bob));
        assertInvalidGrant(() -> f.refresh(one.refreshToken(), null));
        assertInvalidGrant(() -> f.refresh(two.refreshToken(), null));
        String line = only("subject.offboarded", "success");
        assertTrue(line.contains("\"subject\":\"alice\"") && line.contains("\"revoked\":\"2\""), line);
    }

    @Test
    void offboardWhenCodeInFlightThenExchangeRefusedAndItsTokensNeverLive() {
        String inFlight = code("alice");
        f.subjectAdmin().offboard(ADMIN, "alice", null, FROM);

        assertInvalidGrant(() -> f.exchange(inFlight, REDIRECT));

        // The refused exchange stored its tokens before it looked: they are in a revoked grant, not listed.
        assertEquals(List.of(), f.grantAdmin().list(ADMIN, "alice", null, null, null, FROM).get("grants"));
        String line = only("token.rejected", "failure");
        assertTrue(line.contains("\"reason\":\"invalid_grant\"") && line.contains("subject blocked until"), line);
    }

    @Test
    void blockWhenRefreshedThenRefusedAndTheGrantRevokedButOtherUsersUntouched() {
        TokenResponse alice = tokens("alice");
        TokenResponse bob = tokens("bob");
        f.subjectAdmin().block(ADMIN, "alice", "2026-01-02T00:00:00+01:00", FROM);

        assertTrue(active(alice), "a block alone leaves the access token to expire");
        assertInvalidGrant(() -> f.refresh(alice.refreshToken(), null));
        assertFalse(active(alice), "the refused refresh revoked its grant");
        assertTrue(active(f.refresh(bob.refreshToken(), null)));
    }

    @Test
    void authorizeWhenBlockedThenAccessDeniedToTheClientAfterLoginUntilTheBlockEnds() {
        f.subjectAdmin().block(ADMIN, "alice", String.valueOf(f.clock.instant().plus(Duration.ofHours(1))
                .getEpochSecond()), FROM);
        ValidatedAuthorization auth = f.validate(Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)));

        AuthorizationRedirectException e = assertThrows(AuthorizationRedirectException.class,
                () -> f.begin(auth, "alice"));
        assertEquals("access_denied", e.error().code());
        assertEquals(REDIRECT, e.redirectUri());
        assertEquals("xyz", e.state());
        String line = only("authorization.rejected", null);
        assertTrue(line.contains("\"reason\":\"access_denied\"") && line.contains("subject blocked until"), line);

        f.clock.advance(Duration.ofHours(1));
        assertTrue(code("alice") != null, "the block ended");
    }

    @Test
    void loginWhenBlockedOnTheLoginPageThenAccessDenied() {
        ValidatedAuthorization auth = f.validate(Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)));
        AuthorizationStep.Login page = (AuthorizationStep.Login) f.begin(auth, null);
        f.subjectAdmin().block(ADMIN, "alice", null, FROM);

        assertEquals("access_denied", assertThrows(AuthorizationRedirectException.class,
                () -> f.loggedIn(page.requestId(), "alice")).error().code());
    }

    @Test
    void consentWhenBlockedBetweenThePageAndTheApprovalThenAccessDeniedAndNoCode() {
        ValidatedAuthorization auth = f.validate(Parameters.of(ProviderFixture.authorizeParams("cli",
                ProviderFixture.LOOPBACK)));
        AuthorizationStep.Consent page = (AuthorizationStep.Consent) f.begin(auth, "alice");
        f.subjectAdmin().offboard(ADMIN, "alice", null, FROM);

        String redirect = f.decide(page.requestId(), page.csrfToken(), page.csrfToken(), true, "alice");

        Map<String, String> query = io.mcpoauth.it.Query.of(redirect);
        assertEquals("access_denied", query.get("error"));
        assertFalse(query.containsKey("code"));
    }

    @Test
    void unblockWhenBlockedThenSignInWorksAgainAndWhenNotBlockedThenFalse() {
        f.subjectAdmin().offboard(ADMIN, "alice", null, FROM);
        assertTrue(f.subjectAdmin().unblock(ADMIN, "alice", FROM));
        assertTrue(active(tokens("alice")));
        assertFalse(f.subjectAdmin().unblock(ADMIN, "alice", FROM));
    }

    @Test
    void denyListWhenSubjectListedThenRefusedAtSignInWhateverTheBlocks() {
        ValidatedAuthorization auth = f.validate(Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)));
        for (String denied : List.of("mallory", "eve the intruder")) {
            f.subjectAdmin().unblock(ADMIN, denied, FROM);
            assertEquals("access_denied", assertThrows(AuthorizationRedirectException.class,
                    () -> f.begin(auth, denied)).error().code(), denied);
        }
        assertTrue(code("Mallory") != null, "compared exactly");
    }

    @Test
    void blockWhenUntilNotAFutureTimeWithinTenYearsThenInvalidRequest() {
        Instant now = f.clock.instant();
        for (String until : List.of("2025-12-31T23:59:59Z", String.valueOf(now.getEpochSecond()), "tomorrow",
                "2026-02-01", "2026-02-01T00:00:00", "-5", String.valueOf(now.plus(Duration.ofDays(3661))
                        .getEpochSecond()), "9".repeat(65))) {
            assertEquals("invalid_request", assertThrows(OAuthException.class,
                    () -> f.subjectAdmin().block(ADMIN, "alice", until, FROM)).error().code(), until);
        }
        assertEquals("2026-01-31T23:00:00Z",
                f.subjectAdmin().block(ADMIN, "alice", "2026-02-01T00:00:00+01:00", FROM).get("blocked_until"));
        assertEquals("invalid_request", assertThrows(OAuthException.class,
                () -> f.subjectAdmin().block(ADMIN, "", null, FROM)).error().code());
    }

    /** The one line of the event (of any outcome when null) from this test's address or from none. */
    private String only(String event, String outcome) {
        f.audit.close();
        List<String> lines = audit.messages().stream().filter(l -> l.contains("\"event\":\"" + event + "\""))
                .filter(l -> outcome == null || l.contains("\"outcome\":\"" + outcome + "\"")).toList();
        assertEquals(1, lines.size(), lines::toString);
        return lines.get(0);
    }
}

package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.UserFacingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentTest {

    private final ProviderFixture f = new ProviderFixture();

    private ValidatedAuthorization request(String scope) {
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        p.put("scope", scope);
        p.put("resource", "https://mcp.example.com/mcp");
        return f.provider.validateAuthorization(Parameters.of(p), RequestContext.UNKNOWN);
    }

    private AuthorizationStep.Consent consentPage(ProviderFixture fx, ValidatedAuthorization auth, String subject) {
        return assertInstanceOf(AuthorizationStep.Consent.class, fx.provider.begin(auth, subject, RequestContext.UNKNOWN));
    }

    @Test
    void consentWhenFirstRequestThenPageShowsClientScopesResourceAndHost() {
        AuthorizationStep.Consent c = consentPage(f, request("mcp:read"), "alice");
        assertEquals("app", c.view().clientName());
        assertEquals(List.of("mcp:read"), c.view().scopes());
        assertEquals(List.of("https://mcp.example.com/mcp"), c.view().resources());
        assertEquals("client.example.com", c.view().redirectHost());
        assertEquals("alice", c.view().subject());
        assertFalse(c.view().localhostOnlyDocument());
        assertTrue(c.view().configured(), "app comes from configuration");
    }

    @Test
    void consentWhenScopeDescriptionsConfiguredThenPageHasThem() {
        ProviderFixture described = new ProviderFixture(Map.of("mcp.oauth.scope.mcp:read.description",
                "Read your MCP tools"));
        AuthorizationStep.Consent c = consentPage(described, request("mcp:read mcp:write"), "alice");
        assertEquals(Map.of("mcp:read", "Read your MCP tools"), c.view().scopeDescriptions());
        assertEquals(Map.of(), consentPage(f, request("mcp:read"), "alice").view().scopeDescriptions());
    }

    @Test
    void settingsWhenScopeDescriptionMultiLineThenRefusedNamingTheKey() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ProviderFixture(Map.of("mcp.oauth.scope.mcp:read.description", "one\ntwo")));
        assertTrue(e.getMessage().contains("mcp.oauth.scope.mcp:read.description"), e.getMessage());
    }

    @Test
    void consentWhenClientRegisteredItselfThenPageMarksNameUnverified() {
        Map<String, Object> md = Map.of("redirect_uris", List.of("http://127.0.0.1/cb"),
                "token_endpoint_auth_method", "none", "client_name", "app");
        String id = (String) f.provider.register(md, null, RequestContext.UNKNOWN).get("client_id");
        ValidatedAuthorization auth = f.provider.validateAuthorization(
                Parameters.of(ProviderFixture.authorizeParams(id, "http://127.0.0.1/cb")), RequestContext.UNKNOWN);
        assertFalse(consentPage(f, auth, "alice").view().configured());
    }

    @Test
    void consentWhenApprovedThenRememberedForSameOrNarrowerButAskedAgainWhenWider() {
        AuthorizationStep.Consent c = consentPage(f, request("mcp:read"), "alice");
        String redirect = f.provider.decide(c.requestId(), c.csrfToken(), c.csrfToken(), true, "alice",
                RequestContext.UNKNOWN);
        assertTrue(redirect.contains("code="));
        assertInstanceOf(AuthorizationStep.Redirect.class, f.provider.begin(request("mcp:read"), "alice",
                RequestContext.UNKNOWN));
        consentPage(f, request("mcp:read mcp:write"), "alice");
        consentPage(f, request("mcp:read"), "bob");
    }

    @Test
    void consentWhenDeniedThenAccessDeniedRedirectWithStateAndIssuer() {
        AuthorizationStep.Consent c = consentPage(f, request("mcp:read"), "alice");
        Map<String, String> q = Query.of(f.provider.decide(c.requestId(), c.csrfToken(), c.csrfToken(),
                false, "alice", RequestContext.UNKNOWN));
        assertEquals("access_denied", q.get("error"));
        assertEquals("xyz", q.get("state"));
        assertEquals("https://as.example.com", q.get("iss"));
        consentPage(f, request("mcp:read"), "alice");
    }

    @Test
    void decideWhenCsrfMissingWrongOrReplayedThenRefused() {
        AuthorizationStep.Consent c = consentPage(f, request("mcp:read"), "alice");
        assertThrows(UserFacingException.class, () -> f.provider.decide(c.requestId(), c.csrfToken(), null, true, "alice",
                RequestContext.UNKNOWN));
        AuthorizationStep.Consent d = consentPage(f, request("mcp:read"), "alice");
        assertThrows(UserFacingException.class, () -> f.provider.decide(d.requestId(), "forged", "forged", true, "alice",
                RequestContext.UNKNOWN));
        AuthorizationStep.Consent e = consentPage(f, request("mcp:read"), "alice");
        f.provider.decide(e.requestId(), e.csrfToken(), e.csrfToken(), true, "alice", RequestContext.UNKNOWN);
        assertThrows(UserFacingException.class, () -> f.provider.decide(e.requestId(), e.csrfToken(), e.csrfToken(), true,
                "alice", RequestContext.UNKNOWN));
    }

    @Test
    void decideWhenAnotherUserAnswersThenAccessDenied() {
        AuthorizationStep.Consent c = consentPage(f, request("mcp:read"), "attacker");
        UserFacingException e = assertThrows(UserFacingException.class, () -> f.provider.decide(c.requestId(), c.csrfToken(),
                c.csrfToken(), true, "victim", RequestContext.UNKNOWN));
        assertEquals("access_denied", e.error().code());
    }

    @Test
    void consentWhenAlwaysThenAskedEveryTimeAndWhenSkipForThenNeverForListedClient() {
        ProviderFixture always = new ProviderFixture(Map.of("mcp.oauth.consent", "always"));
        ValidatedAuthorization auth = always.provider.validateAuthorization(
                Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)), RequestContext.UNKNOWN);
        always.approve(auth, "alice");
        consentPage(always, auth, "alice");

        ProviderFixture skip = new ProviderFixture(Map.of("mcp.oauth.consent", "skip-for",
                "mcp.oauth.consent.skip-for", "app"));
        ValidatedAuthorization first = skip.provider.validateAuthorization(
                Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)), RequestContext.UNKNOWN);
        assertInstanceOf(AuthorizationStep.Redirect.class, skip.provider.begin(first, "alice", RequestContext.UNKNOWN));
        ValidatedAuthorization other = skip.provider.validateAuthorization(
                Parameters.of(ProviderFixture.authorizeParams("cli", ProviderFixture.LOOPBACK)), RequestContext.UNKNOWN);
        consentPage(skip, other, "alice");
    }

    @Test
    void revokeConsentWhenAdminTokenRightThenAskedAgain() {
        ProviderFixture admin = new ProviderFixture(Map.of("mcp.oauth.admin.token", "admin-secret"));
        Map<String, String> p = ProviderFixture.authorizeParams("app", REDIRECT);
        ValidatedAuthorization auth = admin.provider.validateAuthorization(Parameters.of(p), RequestContext.UNKNOWN);
        admin.approve(auth, "alice");
        assertInstanceOf(AuthorizationStep.Redirect.class, admin.provider.begin(auth, "alice", RequestContext.UNKNOWN));
        assertEquals("invalid_token", assertThrows(OAuthException.class, () -> admin.provider.revokeConsent(
                "wrong", "alice", "app", RequestContext.UNKNOWN)).error().code());
        assertTrue(admin.provider.revokeConsent("admin-secret", "alice", "app", RequestContext.UNKNOWN));
        consentPage(admin, auth, "alice");
        assertFalse(admin.provider.revokeConsent("admin-secret", "nobody", "app", RequestContext.UNKNOWN));
    }

    @Test
    void revokeConsentWhenNoAdminTokenConfiguredThenNotFound() {
        // Answered 404 as an unknown path: see web.ErrorRoutesTest.
        assertEquals("no such endpoint", assertThrows(EndpointDisabledException.class, () -> f.provider.revokeConsent(
                "", "alice", "app", RequestContext.UNKNOWN)).getMessage());
    }
}

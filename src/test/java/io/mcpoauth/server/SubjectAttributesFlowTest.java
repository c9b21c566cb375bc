package io.mcpoauth.server;

import static io.mcpoauth.server.ProviderFixture.REDIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.mcpoauth.it.Query;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.store.SubjectAttributes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The e-mail and groups a gateway sends, and the identity provider that vouched for the subject, travel from the
 * login, through consent and code, to every token.
 */
class SubjectAttributesFlowTest {

    private static final SubjectAttributes ALICE = SubjectAttributes.of("alice@example.com",
            List.of("mcp-users", "Domain Admins"));
    private static final String IDP = "https://idp.example.com/oauth2/default";

    private final ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.consent", "always"));

    private ValidatedAuthorization request() {
        return f.validate(Parameters.of(ProviderFixture.authorizeParams("app", REDIRECT)));
    }

    @Test
    void introspectWhenGatewaySentAttributesThenEmailAndGroupsReported() {
        String code = Query.of(f.approve(request(), "alice", ALICE)).get("code");
        TokenResponse t = f.exchange(code, REDIRECT);
        Map<String, Object> m = f.introspect(t.accessToken(), "app");
        assertEquals(true, m.get("active"));
        assertEquals("alice", m.get("sub"));
        assertEquals("alice@example.com", m.get("email"));
        assertEquals(List.of("mcp-users", "Domain Admins"), m.get("groups"));
    }

    @Test
    void refreshWhenGatewaySentAttributesThenNewAccessTokenKeepsThem() {
        String code = Query.of(f.approve(request(), "alice", ALICE)).get("code");
        TokenResponse first = f.exchange(code, REDIRECT);
        TokenResponse second = f.refresh(first.refreshToken(), null);
        TokenResponse third = f.refresh(second.refreshToken(), "mcp:read");
        Map<String, Object> m = f.introspect(third.accessToken(), "app");
        assertEquals("mcp:read", m.get("scope"));
        assertEquals("alice@example.com", m.get("email"));
        assertEquals(List.of("mcp-users", "Domain Admins"), m.get("groups"));
    }

    @Test
    void introspectWhenNoAttributesThenNoEmailOrGroupsMembers() {
        String code = Query.of(f.approve(request(), "alice")).get("code");
        Map<String, Object> m = f.introspect(f.exchange(code, REDIRECT).accessToken(), "app");
        assertEquals(true, m.get("active"));
        assertFalse(m.containsKey("email"), m.toString());
        assertFalse(m.containsKey("groups"), m.toString());
        assertFalse(m.containsKey("idp_iss"), m.toString());
    }

    @Test
    void introspectWhenGatewaySentAttributesThenNoIdentityProviderReported() {
        String code = Query.of(f.approve(request(), "alice", ALICE)).get("code");
        Map<String, Object> m = f.introspect(f.exchange(code, REDIRECT).accessToken(), "app");
        assertEquals("alice@example.com", m.get("email"));
        assertFalse(m.containsKey("idp_iss"), m.toString());
    }

    /**
     * The identity provider that vouched for the subject is reported as idp_iss, beside this server's iss, on the
     * first access token and on those refreshed from the grant.
     */
    @Test
    void introspectWhenIdentityProviderVouchedThenIdpIssReportedThroughRefresh() {
        String code = Query.of(f.approve(request(), "acme|alice", ALICE.withIdp(IDP))).get("code");
        TokenResponse first = f.exchange(code, REDIRECT);
        Map<String, Object> m = f.introspect(first.accessToken(), "app");
        assertEquals(IDP, m.get("idp_iss"));
        assertEquals("acme|alice", m.get("sub"));
        assertEquals(List.of("mcp-users", "Domain Admins"), m.get("groups"));
        assertNotEquals(IDP, m.get("iss"), "iss stays this server");
        Map<String, Object> refreshed = f.introspect(f.refresh(first.refreshToken(), null).accessToken(), "app");
        assertEquals(IDP, refreshed.get("idp_iss"));
    }

    @Test
    void introspectWhenOnlyIdentityProviderKnownThenIdpIssWithoutEmailOrGroups() {
        String code = Query.of(f.approve(request(), "acme|alice", SubjectAttributes.NONE.withIdp(IDP))).get("code");
        Map<String, Object> m = f.introspect(f.exchange(code, REDIRECT).accessToken(), "app");
        assertEquals(IDP, m.get("idp_iss"));
        assertFalse(m.containsKey("email"), m.toString());
        assertFalse(m.containsKey("groups"), m.toString());
    }

    @Test
    void consentPageWhenGatewaySentEmailThenShownWithTheUser() {
        AuthorizationStep step = f.authorization().begin(request(), "alice", ALICE, RequestContext.UNKNOWN);
        AuthorizationStep.Consent consent = assertInstanceOf(AuthorizationStep.Consent.class, step);
        assertEquals("alice", consent.view().subject());
        assertEquals("alice@example.com", consent.view().email());
    }

    @Test
    void decideWhenHeldRequestCarriesAttributesThenCodeCarriesThem() {
        AuthorizationStep.Consent consent = assertInstanceOf(AuthorizationStep.Consent.class,
                f.authorization().begin(request(), "alice", ALICE, RequestContext.UNKNOWN));
        String uri = f.decide(consent.requestId(), consent.csrfToken(), consent.csrfToken(), true, "alice");
        String code = Query.of(uri).get("code");
        Map<String, Object> m = f.introspect(f.exchange(code, REDIRECT).accessToken(), "app");
        assertEquals(List.of("mcp-users", "Domain Admins"), m.get("groups"));
    }
}

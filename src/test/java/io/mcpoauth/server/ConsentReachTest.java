package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How far a remembered consent reaches: a public client's only to the redirect URIs the user approved it for
 * (RFC 8252 8.6), and a consent for particular resources never to other resources or to a token for any audience.
 */
class ConsentReachTest {

    private static final String MCP = "https://mcp.example.com/mcp";
    private static final String OTHER = "https://other.example.com/mcp";

    private static ValidatedAuthorization request(ProviderFixture f, String clientId, String redirectUri,
            String... resources) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        ProviderFixture.authorizeParams(clientId, redirectUri).forEach((k, v) -> p.put(k, List.of(v)));
        if (resources.length > 0) {
            p.put("resource", List.of(resources));
        }
        return f.validate(new Parameters(p));
    }

    private static AuthorizationStep begin(ProviderFixture f, ValidatedAuthorization auth) {
        return f.begin(auth, "alice");
    }

    @Test
    void consentWhenPublicClientApprovedOnLoopbackPortThenAnotherPortAskedAgainAndThatPortRemembered() {
        ProviderFixture f = new ProviderFixture();
        f.approve(request(f, "cli", "http://127.0.0.1:5000/callback"), "alice");
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "cli", "http://127.0.0.1:5000/callback")));
        assertInstanceOf(AuthorizationStep.Consent.class, begin(f, request(f, "cli", "http://127.0.0.1:6000/callback")),
                "another local process may listen on port 6000");
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "cli", "http://127.0.0.1:5000/callback")));
    }

    @Test
    void consentWhenConfidentialClientThenRememberedAcrossItsRegisteredRedirectUris() {
        ProviderFixture f = new ProviderFixture();
        f.approve(request(f, "app", ProviderFixture.REDIRECT), "alice");
        // A code sent elsewhere is useless without the client's secret: the consent is the client's.
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "app", "http://127.0.0.1:7000/callback")));
    }

    @Test
    void consentWhenPublicClientApprovedOnManyPortsThenTheMostRecentAreKept() {
        ProviderFixture f = new ProviderFixture();
        for (int port = 5000; port < 5012; port++) {
            f.approve(request(f, "cli", "http://127.0.0.1:" + port + "/callback"), "alice");
        }
        assertEquals(10, f.storage.consents().find("alice", "cli", f.clock.instant()).orElseThrow()
                .redirectUris().size());
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "cli", "http://127.0.0.1:5011/callback")));
        assertInstanceOf(AuthorizationStep.Consent.class, begin(f, request(f, "cli", "http://127.0.0.1:5000/callback")));
    }

    @Test
    void consentWhenGivenForResourceThenNotForAnotherResourceNorForNoResource() {
        ProviderFixture f = new ProviderFixture();
        f.approve(request(f, "app", ProviderFixture.REDIRECT, MCP), "alice");
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "app", ProviderFixture.REDIRECT, MCP)));
        assertInstanceOf(AuthorizationStep.Consent.class, begin(f, request(f, "app", ProviderFixture.REDIRECT, OTHER)));
        assertInstanceOf(AuthorizationStep.Consent.class, begin(f, request(f, "app", ProviderFixture.REDIRECT)),
                "no resource means a token good at any resource");
    }

    @Test
    void consentWhenGivenWithoutResourceThenCoversAnyResourceAndStaysSoWhenWidened() {
        ProviderFixture f = new ProviderFixture();
        f.approve(request(f, "app", ProviderFixture.REDIRECT), "alice");
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "app", ProviderFixture.REDIRECT, MCP)));
        Map<String, String> wider = ProviderFixture.authorizeParams("app", ProviderFixture.REDIRECT);
        wider.put("scope", "mcp:read mcp:write");
        f.approve(f.validate(Parameters.of(wider)), "alice");
        assertInstanceOf(AuthorizationStep.Redirect.class, begin(f, request(f, "app", ProviderFixture.REDIRECT)));
    }

    @Test
    void authorizeWhenSeveralResourcesConfiguredAndNoneRequestedThenInvalidTarget() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.resources", MCP + " " + OTHER));
        AuthorizationRedirectException e = assertThrows(AuthorizationRedirectException.class,
                () -> request(f, "app", ProviderFixture.REDIRECT));
        assertEquals("invalid_target", e.error().code());
        assertEquals(List.of(OTHER), request(f, "app", ProviderFixture.REDIRECT, OTHER).resources());
    }

    @Test
    void tokenWhenOneResourceConfiguredAndNoneRequestedThenBoundToIt() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.resources", MCP));
        assertEquals(List.of(MCP), request(f, "app", ProviderFixture.REDIRECT).resources());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        String token = f.token(form, ProviderFixture.basic("svc", ProviderFixture.SECRET)).accessToken();
        assertEquals(MCP, f.introspect(token, "rs").get("aud"));
    }

    @Test
    void tokenWhenSeveralResourcesConfiguredAndMachineClientNamesNoneThenInvalidTarget() {
        ProviderFixture f = new ProviderFixture(Map.of("mcp.oauth.resources", MCP + " " + OTHER));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        OAuthException e = assertThrows(OAuthException.class,
                () -> f.token(form, ProviderFixture.basic("svc", ProviderFixture.SECRET)));
        assertEquals("invalid_target", e.error().code());
    }
}

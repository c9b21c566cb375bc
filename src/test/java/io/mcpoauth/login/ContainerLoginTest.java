package io.mcpoauth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.crypto.SecretVerifier;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ContainerLoginTest {

    private static final Predicate<String> NO_ROLES = role -> false;

    private static Principal user(String name) {
        return () -> name;
    }

    private static Predicate<String> roles(String... names) {
        return Set.of(names)::contains;
    }

    @Test
    void decideWhenPrincipalHasTheRoleThenSignedInAsThePrincipal() {
        ContainerLogin.Outcome o = new ContainerLogin("mcp-oauth-user").decide(user("ada"), roles("mcp-oauth-user"));
        assertTrue(o.signedIn());
        assertEquals("ada", o.subject());
        assertNull(o.refusal());
    }

    @Test
    void decideWhenPrincipalLacksTheRoleThenRefusedNamingTheRole() {
        ContainerLogin.Outcome o = new ContainerLogin("mcp-oauth-user").decide(user("bob"), roles("staff"));
        assertFalse(o.signedIn());
        assertNull(o.subject());
        assertEquals("missing role mcp-oauth-user", o.refusal());
    }

    @Test
    void decideWhenRoleConfiguredThenOnlyThatRoleAsked() {
        List<String> asked = new ArrayList<>();
        ContainerLogin.Outcome o = new ContainerLogin("engineering").decide(user("ada"), role -> {
            asked.add(role);
            return "engineering".equals(role);
        });
        assertEquals("ada", o.subject());
        assertEquals(List.of("engineering"), asked);
    }

    @Test
    void decideWhenAnyAuthenticatedUserAllowedThenNoRoleNeeded() {
        ContainerLogin.Outcome o = new ContainerLogin(ContainerLogin.ANY_AUTHENTICATED).decide(user("carol"), NO_ROLES);
        assertEquals("carol", o.subject());
    }

    @Test
    void decideWhenNoPrincipalThenRefusedEvenWithAnyAuthenticatedUser() {
        for (String role : new String[] {"mcp-oauth-user", ContainerLogin.ANY_AUTHENTICATED}) {
            ContainerLogin login = new ContainerLogin(role);
            assertEquals("no container principal", login.decide(null, r -> true).refusal());
            assertEquals("no container principal", login.decide(user(null), r -> true).refusal());
            assertEquals("no container principal", login.decide(user(" "), r -> true).refusal());
        }
    }

    @Test
    void decideWhenPrincipalNameHasControlCharactersOrIsHugeThenRefused() {
        ContainerLogin login = new ContainerLogin(ContainerLogin.ANY_AUTHENTICATED);
        assertFalse(login.decide(user("ada\nadmin"), r -> true).signedIn());
        assertFalse(login.decide(user("a".repeat(257)), r -> true).signedIn());
        assertTrue(login.decide(user("a".repeat(256)), r -> true).signedIn());
    }

    @Test
    void gatewaySubjectWhenContainerModeThenHeadersAndAssertionsNameNobody() {
        OAuthSettings settings = OAuthSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.login.mode", "container",
                "mcp.oauth.login.trusted-proxies", "127.0.0.1/32")));
        Login login = Login.of(settings.login(), new SecretVerifier(), java.time.Clock.systemUTC());
        assertEquals(LoginMode.CONTAINER, login.mode());
        assertFalse(login.form().isPresent());
        assertEquals("mcp-oauth-user", login.container().orElseThrow().role());
        // A client that sets the gateway's header, even from an address that would be trusted in header mode.
        LoginRequest request = new LoginRequest(h -> "X-Forwarded-User".equals(h) ? "admin" : null, "127.0.0.1");
        assertEquals(new Login.Arrival.ContainerPage(), login.arrive(request));
        assertEquals(Optional.empty(), login.answeringUser(request));
    }
}

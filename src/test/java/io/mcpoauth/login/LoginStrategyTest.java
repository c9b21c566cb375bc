package io.mcpoauth.login;

import static io.mcpoauth.login.Tokens.CLOCK;
import static io.mcpoauth.login.Tokens.claims;
import static io.mcpoauth.login.Tokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.store.SubjectAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What each login strategy tells the web layer: what {@code /authorize} does, who answers the consent page, and
 * which sign-in endpoints exist.
 */
class LoginStrategyTest {

    private static final RSAKey RSA = Tokens.rsa("rsa-1");
    private static final String GATEWAY = "10.0.0.1";
    private static final Login.Arrival NOBODY = new Login.Arrival.Unvouched("no trusted identity from the gateway");

    /** Headers a page login must never read: the user is not named by anything the browser sends. */
    private static final UnaryOperator<String> UNREAD = name -> {
        throw new AssertionError("header read: " + name);
    };

    private static LoginRequest request(Map<String, String> headers, String remoteAddress) {
        return new LoginRequest(headers::get, remoteAddress);
    }

    private static final HeaderLogin HEADER = new HeaderLogin("X-Forwarded-User", List.of("10.0.0.0/8"), "", "",
            "X-Forwarded-Email", "");

    private static AssertionLogin assertion() {
        Map<String, String> m = Map.of("mcp.oauth.login.assertion.jwks", new JWKSet(RSA).toPublicJWKSet().toString());
        return new AssertionLogin(Tokens.settings(m), CLOCK);
    }

    @Test
    void formWhenAuthorizeThenFormPageAndOnlyTheFormEndpoint() {
        FormLogin form = new FormLogin(Map.of(), new SecretVerifier());
        LoginRequest request = new LoginRequest(UNREAD, GATEWAY);
        assertEquals(new Login.Arrival.FormPage(), form.arrive(request));
        assertEquals(Optional.empty(), form.answeringUser(request), "the consent page is bound by its CSRF cookie");
        assertSame(form, form.form().orElseThrow());
        assertTrue(form.container().isEmpty(), "/login/container is neither guarded nor found");
    }

    @Test
    void containerWhenAuthorizeThenContainerPageAndOnlyTheContainerEndpoint() {
        ContainerLogin container = new ContainerLogin(ContainerLogin.ANY_AUTHENTICATED);
        LoginRequest request = new LoginRequest(UNREAD, GATEWAY);
        assertEquals(new Login.Arrival.ContainerPage(), container.arrive(request));
        assertEquals(Optional.empty(), container.answeringUser(request));
        assertSame(container, container.container().orElseThrow());
        assertTrue(container.form().isEmpty(), "/login is not found");
    }

    @Test
    void headerWhenTrustedGatewayNamesTheUserThenVouchedWithAttributes() {
        LoginRequest request = request(Map.of("X-Forwarded-User", "alice", "X-Forwarded-Email", "alice@example.com"),
                GATEWAY);
        assertEquals(new Login.Arrival.Vouched(new Authenticated("alice",
                SubjectAttributes.of("alice@example.com", List.of()))), HEADER.arrive(request));
        assertEquals(Optional.of("alice"), HEADER.answeringUser(request));
        assertTrue(HEADER.form().isEmpty());
        assertTrue(HEADER.container().isEmpty());
    }

    @Test
    void headerWhenUntrustedPeerOrNoHeaderThenUnvouchedAndTheAnswerFromNobody() {
        for (LoginRequest request : List.of(request(Map.of("X-Forwarded-User", "alice"), "11.0.0.1"),
                request(Map.of(), GATEWAY), request(Map.of("X-Forwarded-User", "alice"), null))) {
            assertEquals(NOBODY, HEADER.arrive(request));
            assertEquals(Optional.of(""), HEADER.answeringUser(request), "never the subject of a held request");
        }
    }

    @Test
    void assertionWhenValidFromAnyPeerThenVouched() {
        AssertionLogin login = assertion();
        String jwt = sign(RSA, claims().build());
        for (String peer : new String[] {GATEWAY, "203.0.113.9", null}) {
            LoginRequest request = request(Map.of("X-Pomerium-Jwt-Assertion", jwt), peer);
            Login.Arrival arrival = login.arrive(request);
            assertEquals("alice", ((Login.Arrival.Vouched) arrival).user().subject(), String.valueOf(peer));
            assertEquals(Optional.of("alice"), login.answeringUser(request));
        }
        assertTrue(login.form().isEmpty());
        assertTrue(login.container().isEmpty());
    }

    @Test
    void assertionWhenMissingForgedOrInAnotherHeaderThenUnvouched() {
        AssertionLogin login = assertion();
        String jwt = sign(RSA, claims().build());
        String forged = sign(Tokens.rsa("rsa-1"), claims().build());
        for (LoginRequest request : List.of(request(Map.of(), GATEWAY),
                request(Map.of("X-Pomerium-Jwt-Assertion", forged), GATEWAY),
                request(Map.of("X-Forwarded-User", "alice", "Authorization", "Bearer " + jwt), GATEWAY))) {
            assertEquals(NOBODY, login.arrive(request));
            assertEquals(Optional.of(""), login.answeringUser(request));
        }
    }
}

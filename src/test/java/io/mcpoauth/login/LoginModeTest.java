package io.mcpoauth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.server.OAuthSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code mcp.oauth.login.mode} read strictly, and each value choosing its own strategy. */
class LoginModeTest {

    private static final String REFUSED = "mcp.oauth.login.mode: must be one of form, header, assertion, container, not ";

    private static LoginSettings load(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>();
        m.put("mcp.oauth.login.assertion.issuer", Tokens.ISSUER);
        m.put("mcp.oauth.login.assertion.audience", Tokens.AUDIENCE);
        m.put("mcp.oauth.login.assertion.jwks", new JWKSet(Tokens.rsa("k")).toPublicJWKSet().toString());
        m.putAll(extra);
        return LoginSettings.load(ConfigSource.of(m), "http://localhost:8080");
    }

    private static Login strategy(String mode) {
        return Login.of(load(Map.of(LoginMode.KEY, mode)), new SecretVerifier(), Tokens.CLOCK);
    }

    @Test
    void loadWhenEachConfiguredValueThenItsModeWrittenBackTheSame() {
        Map<String, LoginMode> expected = Map.of("form", LoginMode.FORM, "header", LoginMode.HEADER,
                "assertion", LoginMode.ASSERTION, "container", LoginMode.CONTAINER);
        assertEquals(LoginMode.values().length, expected.size(), "every mode is listed here");
        expected.forEach((value, mode) -> {
            assertEquals(mode, load(Map.of(LoginMode.KEY, value)).mode());
            assertEquals(value, mode.toString(), "audit lines and the start-up log show the configured value");
        });
    }

    @Test
    void loadWhenUnknownOrDifferentlyCasedThenRefusedNamingTheKeyAndTheAllowedValues() {
        for (String value : List.of("magic", "Form", "HEADER", "Assertion", "conTainer", "oidc")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> load(Map.of(LoginMode.KEY, value)), value);
            assertEquals(REFUSED + "\"" + value + "\"", e.getMessage());
        }
    }

    @Test
    void loadWhenModeUnknownThenTheServerSettingsRefusedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OAuthSettings.load(ConfigSource.of(Map.of(LoginMode.KEY, "Header"))));
        assertTrue(e.getMessage().startsWith(REFUSED), e.getMessage());
    }

    @Test
    void loadWhenModeUnsetBlankOrPaddedThenAsBefore() {
        assertEquals(LoginMode.FORM, load(Map.of()).mode());
        assertEquals(LoginMode.FORM, load(Map.of(LoginMode.KEY, " ")).mode(), "an empty value is no value");
        assertEquals(LoginMode.HEADER, load(Map.of(LoginMode.KEY, " header ")).mode());
    }

    @Test
    void ofWhenEachModeThenItsOwnStrategy() {
        Map<String, Class<? extends Login>> expected = Map.of("form", FormLogin.class, "header", HeaderLogin.class,
                "assertion", AssertionLogin.class, "container", ContainerLogin.class);
        assertEquals(LoginMode.values().length, expected.size(), "every mode is listed here");
        expected.forEach((value, type) -> {
            Login login = strategy(value);
            assertInstanceOf(type, login, value);
            assertEquals(value, login.mode().toString());
        });
    }

    @Test
    void ofWhenHeaderModeThenBuiltFromTheHeaderSettings() {
        HeaderLogin login = (HeaderLogin) Login.of(load(Map.of(LoginMode.KEY, "header",
                "mcp.oauth.login.header", "X-Auth-Request-User",
                LoginSettings.TRUSTED_PROXIES_KEY, "10.0.0.0/8",
                "mcp.oauth.login.header-secret-name", "X-Gateway-Secret",
                "mcp.oauth.login.header-secret-value", "s3cr3t",
                "mcp.oauth.login.header-groups", "X-Auth-Request-Groups")), new SecretVerifier(), Tokens.CLOCK);
        Map<String, String> h = Map.of("X-Auth-Request-User", "alice", "X-Gateway-Secret", "s3cr3t",
                "X-Auth-Request-Groups", "ops");
        Authenticated user = login.gatewayUser(new LoginRequest(h::get, "10.1.1.1")).orElseThrow();
        assertEquals("alice", user.subject());
        assertEquals(List.of("ops"), user.attributes().groups());
        assertTrue(login.gatewayUser(new LoginRequest(h::get, "11.1.1.1")).isEmpty(), "only from a trusted proxy");
    }

    @Test
    void ofWhenAssertionModeThenExpiryCheckedAgainstTheGivenClock() {
        RSAKey key = Tokens.rsa("clocked");
        LoginSettings settings = load(Map.of(LoginMode.KEY, "assertion",
                "mcp.oauth.login.assertion.jwks", new JWKSet(key).toPublicJWKSet().toString()));
        String jwt = Tokens.sign(key, Tokens.claims().build());
        LoginRequest request = new LoginRequest(Map.of("X-Pomerium-Jwt-Assertion", jwt)::get, "203.0.113.9");
        Login atIssue = Login.of(settings, new SecretVerifier(), Tokens.CLOCK);
        assertEquals(Optional.of("alice"), atIssue.answeringUser(request));
        Login aDayLater = Login.of(settings, new SecretVerifier(),
                Clock.fixed(Tokens.NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        assertEquals(Optional.of(""), aDayLater.answeringUser(request), "expired by the given clock");
    }

    @Test
    void ofWhenContainerModeThenTheConfiguredRole() {
        Login login = Login.of(load(Map.of(LoginMode.KEY, "container", "mcp.oauth.login.container-role", "staff")),
                new SecretVerifier(), Tokens.CLOCK);
        assertEquals("staff", login.container().orElseThrow().role());
    }

    @Test
    void loadWhenTrustedProxyUnparsableThenRefusedNamingTheKeyInEveryMode() {
        // The header login reads the list; it is checked at start in the other modes too, as it always was.
        for (LoginMode mode : LoginMode.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(Map.of(
                    LoginMode.KEY, mode.toString(), LoginSettings.TRUSTED_PROXIES_KEY, "10.0.0.0/8, proxy.internal")),
                    mode.toString());
            assertTrue(e.getMessage().startsWith("mcp.oauth.login.trusted-proxies: "), e.getMessage());
        }
    }
}

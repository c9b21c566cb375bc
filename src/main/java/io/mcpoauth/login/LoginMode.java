package io.mcpoauth.login;

import io.mcpoauth.config.LoginSettings;
import io.mcpoauth.crypto.SecretVerifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The values of {@code mcp.oauth.login.mode}, each with how its {@link Login} is built. A new mode is one constant
 * here and the one class it builds.
 */
public enum LoginMode {

    /** The demo form: users and password hashes from configuration. */
    FORM("form", (s, verifier) -> new FormLogin(s.formUsers(), verifier)),
    /** An SSO gateway names the user in a header, believed from trusted proxies only. */
    HEADER("header", (s, verifier) -> new HeaderLogin(s.header(), s.trustedProxies(), s.headerSecretName(),
            s.headerSecretValue(), s.headerEmail(), s.headerGroups())),
    /** An SSO gateway names the user in a JWT it signed. */
    ASSERTION("assertion", (s, verifier) -> new AssertionLogin(s.assertion())),
    /** The Jakarta EE server's own authentication, through the constraint on {@code /login/container}. */
    CONTAINER("container", (s, verifier) -> new ContainerLogin(s.containerRole()));

    public static final String KEY = "mcp.oauth.login.mode";

    private final String value;
    private final Factory factory;

    LoginMode(String value, Factory factory) {
        this.value = value;
        this.factory = factory;
    }

    /**
     * The mode a configured value names, exactly as written in lower case; anything else fails naming the key and
     * the allowed values.
     */
    public static LoginMode parse(String value) {
        Objects.requireNonNull(value, "value");
        for (LoginMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException(KEY + ": unknown mode " + value + "; allowed: "
                + Arrays.stream(values()).map(LoginMode::toString).collect(Collectors.joining(", ")));
    }

    /** The value as configured: {@code form}, {@code header}, {@code assertion} or {@code container}. */
    @Override
    public String toString() {
        return value;
    }

    Login create(LoginSettings settings, SecretVerifier verifier) {
        return factory.create(settings, verifier);
    }

    /** Builds one mode's login from the settings; only the configured mode's is ever built. */
    @FunctionalInterface
    private interface Factory {
        Login create(LoginSettings settings, SecretVerifier verifier);
    }
}

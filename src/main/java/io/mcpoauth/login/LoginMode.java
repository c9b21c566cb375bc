package io.mcpoauth.login;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.crypto.SecretVerifier;
import java.time.Clock;

/**
 * The values of {@code mcp.oauth.login.mode}, each with how its {@link Login} is built. A new mode is one constant
 * here and the one class it builds.
 */
public enum LoginMode {

    /** The demo form: users and password hashes from configuration. */
    FORM((s, verifier, clock) -> new FormLogin(s.formUsers(), verifier)),
    /** An SSO gateway names the user in a header, believed from trusted proxies only. */
    HEADER((s, verifier, clock) -> new HeaderLogin(s.header(), s.trustedProxies(), s.headerSecretName(),
            s.headerSecretValue(), s.headerEmail(), s.headerGroups())),
    /** An SSO gateway names the user in a JWT it signed. */
    ASSERTION((s, verifier, clock) -> new AssertionLogin(s.assertion(), clock)),
    /** The Jakarta EE server's own authentication, through the constraint on {@code /login/container}. */
    CONTAINER((s, verifier, clock) -> new ContainerLogin(s.containerRole()));

    public static final String KEY = "mcp.oauth.login.mode";

    private final Factory factory;

    LoginMode(Factory factory) {
        this.factory = factory;
    }

    /**
     * The value as configured: {@code form}, {@code header}, {@code assertion} or {@code container}. Read with
     * {@link ConfigSource#oneOf}, so any other value, other case included, fails naming the key and these values.
     */
    @Override
    public String toString() {
        return ConfigSource.wireName(this);
    }

    Login create(LoginSettings settings, SecretVerifier verifier, Clock clock) {
        return factory.create(settings, verifier, clock);
    }

    /** Builds one mode's login from the settings; only the configured mode's is ever built. */
    @FunctionalInterface
    private interface Factory {
        Login create(LoginSettings settings, SecretVerifier verifier, Clock clock);
    }
}

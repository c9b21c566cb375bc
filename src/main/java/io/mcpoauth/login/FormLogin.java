package io.mcpoauth.login;

import io.mcpoauth.crypto.SecretVerifier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The demo login form ({@code mcp.oauth.login.mode=form}): users and bcrypt password hashes from
 * configuration. For trying the server out, not for production; it refuses to start with a non-localhost
 * issuer unless explicitly allowed.
 */
public final class FormLogin {

    private final Map<String, String> users;
    private final SecretVerifier verifier;

    public FormLogin(Map<String, String> users, SecretVerifier verifier) {
        this.users = Map.copyOf(users);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The user's name when the password is right; an unknown user costs the same time as a wrong password. */
    public Optional<String> authenticate(String user, String password) {
        if (user == null || password == null) {
            return Optional.empty();
        }
        String hash = users.getOrDefault(user, "");
        return verifier.verify("user:" + user, password, hash) ? Optional.of(user) : Optional.empty();
    }
}

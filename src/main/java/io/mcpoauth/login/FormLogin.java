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
public final class FormLogin implements Login {

    private final Map<String, String> users;
    private final SecretVerifier verifier;

    public FormLogin(Map<String, String> users, SecretVerifier verifier) {
        this.users = Map.copyOf(users);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public LoginMode mode() {
        return LoginMode.FORM;
    }

    @Override
    public Arrival arrive(LoginRequest request) {
        return new Arrival.FormPage();
    }

    /** Empty: the user signed in once, on the form. */
    @Override
    public Optional<String> answeringUser(LoginRequest request) {
        return Optional.empty();
    }

    @Override
    public Optional<FormLogin> form() {
        return Optional.of(this);
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

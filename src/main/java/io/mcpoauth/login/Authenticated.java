package io.mcpoauth.login;

import io.mcpoauth.store.SubjectAttributes;
import java.util.Objects;

/**
 * A user the login vouches for: the name, which becomes the tokens' {@code sub}, and what the gateway said
 * besides.
 */
public record Authenticated(String subject, SubjectAttributes attributes) {

    public Authenticated {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(attributes, "attributes");
    }

    public static Authenticated of(String subject) {
        return new Authenticated(subject, SubjectAttributes.NONE);
    }
}

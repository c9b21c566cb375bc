package io.mcpoauth.login;

import io.mcpoauth.crypto.SecretVerifier;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The login strategy: how users sign in under the configured {@code mcp.oauth.login.mode}, chosen once at start
 * by {@link #of}. The web layer asks it what to do and never which mode runs, so a new mode is one class
 * implementing this and one {@link LoginMode} constant.
 */
public interface Login {

    /**
     * The strategy of the configured mode; only that mode's login is built.
     *
     * @param clock the provider's clock, which the assertion login checks expiry against
     */
    static Login of(LoginSettings settings, SecretVerifier verifier, Clock clock) {
        return settings.mode().create(settings, Objects.requireNonNull(verifier, "verifier"),
                Objects.requireNonNull(clock, "clock"));
    }

    LoginMode mode();

    /** What {@code /authorize} does with a valid authorization request. */
    Arrival arrive(LoginRequest request);

    /**
     * Who is answering the consent page, in the modes that prove the user on every request: the answer counts only
     * from the user the page was shown to, so this is the user the request proves, or {@code ""} when it proves
     * nobody. Empty in the modes that prove the user once, at sign-in; the page is then bound to the browser by its
     * CSRF cookie.
     */
    Optional<String> answeringUser(LoginRequest request);

    /** The demo form {@code /login} checks; empty in the other modes, where {@code /login} is not found. */
    default Optional<FormLogin> form() {
        return Optional.empty();
    }

    /**
     * The check of the server's own authentication on {@code /login/container}; empty in the other modes, where
     * that path is neither guarded nor found.
     */
    default Optional<ContainerLogin> container() {
        return Optional.empty();
    }

    /** What {@code /authorize} does: go on as the user the request proves, refuse, or send the user to sign in. */
    sealed interface Arrival {

        /** A gateway in front of the server proves the user on this request. */
        record Vouched(Authenticated user) implements Arrival {
            public Vouched {
                Objects.requireNonNull(user, "user");
            }
        }

        /** The request should prove the user and does not; {@code reason} is for the audit log. */
        record Unvouched(String reason) implements Arrival {
            public Unvouched {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** The user signs in on the demo form. */
        record FormPage() implements Arrival {
        }

        /** The user signs in through the server's own authentication on {@code /login/container}. */
        record ContainerPage() implements Arrival {
        }
    }
}

package io.mcpoauth.login;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code mcp.oauth.login.mode=container}: the Jakarta EE server authenticates the user itself (its realm, LDAP,
 * or OIDC client), triggered by the security constraint that {@code io.mcpoauth.web.ContainerLoginGate} puts on
 * {@code /login/container} in this mode. The subject is the container's principal; nothing the browser sends
 * (headers, parameters) names the user.
 *
 * <p>The constraint admits any authenticated user (the role name {@code **}, Servlet 3.1 and later); the role
 * check is made here, so the role is configurable and a user without it gets a page that says why, not a bare
 * 403.
 */
public final class ContainerLogin implements Login {

    /** Any user the container authenticated, whatever their roles. */
    public static final String ANY_AUTHENTICATED = "**";
    private static final int MAX_SUBJECT = 256;

    private final String role;

    /** @param role the role required, or {@link #ANY_AUTHENTICATED} */
    public ContainerLogin(String role) {
        this.role = Objects.requireNonNull(role, "role");
    }

    @Override
    public LoginMode mode() {
        return LoginMode.CONTAINER;
    }

    @Override
    public Arrival arrive(LoginRequest request) {
        return new Arrival.ContainerPage();
    }

    /** Empty: the user signed in once, through the server's authentication; headers name nobody here. */
    @Override
    public Optional<String> answeringUser(LoginRequest request) {
        return Optional.empty();
    }

    @Override
    public Optional<ContainerLogin> container() {
        return Optional.of(this);
    }

    /**
     * Who is signing in, from what the container established for this request.
     *
     * @param principal    {@code HttpServletRequest.getUserPrincipal()}: null when the container authenticated
     *                     nobody (the constraint was bypassed or misconfigured)
     * @param isUserInRole {@code HttpServletRequest::isUserInRole}
     */
    public Outcome decide(Principal principal, Predicate<String> isUserInRole) {
        if (principal == null || principal.getName() == null || principal.getName().isBlank()) {
            return new Outcome(null, "no container principal");
        }
        String name = principal.getName();
        // Control characters in a user name can only be an attack on logs or pages.
        if (name.length() > MAX_SUBJECT || name.chars().anyMatch(Character::isISOControl)) {
            return new Outcome(null, "unusable principal name");
        }
        if (!ANY_AUTHENTICATED.equals(role) && !isUserInRole.test(role)) {
            return new Outcome(null, "missing role " + role);
        }
        return new Outcome(name, null);
    }

    public String role() {
        return role;
    }

    /**
     * @param subject the user signed in, or null when refused
     * @param refusal why the user was refused (for the audit log), or null when signed in
     */
    public record Outcome(String subject, String refusal) {

        public Outcome {
            if ((subject == null) == (refusal == null)) {
                throw new IllegalArgumentException("exactly one of subject and refusal");
            }
        }

        public boolean signedIn() {
            return subject != null;
        }
    }
}

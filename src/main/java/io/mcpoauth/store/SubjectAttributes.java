package io.mcpoauth.store;

import java.util.List;
import java.util.Objects;

/**
 * What the single sign-on gateway says about the user besides the name: an e-mail address and group
 * memberships. Carried from the login through the code to every token of the grant, and reported by
 * introspection (RFC 7662 2.2 allows such members) so that MCP servers can authorise by group.
 *
 * <p>Values are plain, single-line text: the constructor refuses anything else, since they end up in pages,
 * logs and newline-separated columns. Gateways send them; {@link io.mcpoauth.login} checks them first.
 *
 * @param email  the user's e-mail address, or empty when the gateway sends none
 * @param groups the user's groups, in the gateway's order, without duplicates; empty when none
 */
public record SubjectAttributes(String email, List<String> groups) {

    /** No attributes: machine grants, the demo form, and gateways configured to send none. */
    public static final SubjectAttributes NONE = new SubjectAttributes("", List.of());

    /** At most this many groups; a gateway sending more is misconfigured (see the login package). */
    public static final int MAX_GROUPS = 256;

    /** At most this many characters in a group name or an e-mail address. */
    public static final int MAX_LENGTH = 320;

    public SubjectAttributes {
        Objects.requireNonNull(email, "email");
        groups = List.copyOf(groups);
        if (!email.isEmpty() && !isPlainValue(email)) {
            throw new IllegalArgumentException("an e-mail attribute must be one line of at most " + MAX_LENGTH
                    + " characters");
        }
        if (groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("at most " + MAX_GROUPS + " groups");
        }
        for (String g : groups) {
            if (g.isEmpty() || !isPlainValue(g)) {
                throw new IllegalArgumentException("a group must be one non-empty line of at most " + MAX_LENGTH
                        + " characters");
            }
        }
        if (groups.stream().distinct().count() != groups.size()) {
            throw new IllegalArgumentException("groups must not repeat");
        }
    }

    /** The attributes, or {@link #NONE} when both are empty. */
    public static SubjectAttributes of(String email, List<String> groups) {
        return (email == null || email.isEmpty()) && (groups == null || groups.isEmpty()) ? NONE
                : new SubjectAttributes(email == null ? "" : email, groups == null ? List.of() : groups);
    }

    public boolean isEmpty() {
        return email.isEmpty() && groups.isEmpty();
    }

    /** One line of text, not too long: no control characters (CR, LF, NUL, ...), at most {@link #MAX_LENGTH}. */
    public static boolean isPlainValue(String value) {
        return value != null && value.length() <= MAX_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }
}

package io.mcpoauth.store;

import java.util.List;
import java.util.Objects;

/**
 * What is known about the user besides the name: the e-mail address and group memberships that the single
 * sign-on gateway (or an enterprise identity provider) sent, and which identity provider vouched for the user.
 * Carried from the login through the code to every token of the grant, and reported by introspection
 * (RFC 7662 2.2 allows such members) so that MCP servers can authorise by group or by provider.
 *
 * <p>Values are plain, single-line text: the constructor refuses anything else, since they end up in pages,
 * logs and newline-separated columns. Gateways send them; {@link io.mcpoauth.login} checks them first.
 *
 * @param email  the user's e-mail address, or empty when the gateway sends none
 * @param groups the user's groups, in the gateway's order, without duplicates; empty when none
 * @param idp    the issuer URL of the enterprise identity provider whose grant named the user (Enterprise-Managed
 *               Authorization, RFC 7523); empty for gateway logins, the demo form and machine grants. Null reads
 *               as empty: records written before it existed (exports, for one) have none
 */
public record SubjectAttributes(String email, List<String> groups, String idp) {

    /** No attributes: machine grants, the demo form, and gateways configured to send none. */
    public static final SubjectAttributes NONE = new SubjectAttributes("", List.of(), "");

    /** At most this many groups; a gateway sending more is misconfigured (see the login package). */
    public static final int MAX_GROUPS = 256;

    /**
     * At most this many characters in a group name, an e-mail address or an identity provider's issuer. An issuer
     * is configured, not sent, and real ones are far shorter (an Okta or Entra ID issuer is under 100); the
     * configuration refuses a longer one at deployment, so no grant is ever refused for it.
     */
    public static final int MAX_LENGTH = 320;

    public SubjectAttributes {
        Objects.requireNonNull(email, "email");
        groups = List.copyOf(groups);
        idp = idp == null ? "" : idp;
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
        if (!idp.isEmpty() && !isPlainValue(idp)) {
            throw new IllegalArgumentException("an identity provider's issuer must be one line of at most "
                    + MAX_LENGTH + " characters");
        }
    }

    /** What a gateway sends: an e-mail address and groups, no identity provider. */
    public SubjectAttributes(String email, List<String> groups) {
        this(email, groups, "");
    }

    /** The attributes without an identity provider, or {@link #NONE} when both are empty. */
    public static SubjectAttributes of(String email, List<String> groups) {
        return of(email, groups, "");
    }

    /** The attributes, or {@link #NONE} when all three are empty; null is empty. */
    public static SubjectAttributes of(String email, List<String> groups, String idp) {
        boolean none = (email == null || email.isEmpty()) && (groups == null || groups.isEmpty())
                && (idp == null || idp.isEmpty());
        return none ? NONE : new SubjectAttributes(email == null ? "" : email, groups == null ? List.of() : groups,
                idp);
    }

    /** These attributes, vouched for by the identity provider with this issuer (empty for none). */
    public SubjectAttributes withIdp(String issuer) {
        return of(email, groups, Objects.requireNonNull(issuer, "issuer"));
    }

    public boolean isEmpty() {
        return email.isEmpty() && groups.isEmpty() && idp.isEmpty();
    }

    /** One line of text, not too long: no control characters (CR, LF, NUL, ...), at most {@link #MAX_LENGTH}. */
    public static boolean isPlainValue(String value) {
        return value != null && value.length() <= MAX_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }
}

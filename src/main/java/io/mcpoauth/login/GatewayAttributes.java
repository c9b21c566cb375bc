package io.mcpoauth.login;

import com.nimbusds.jwt.JWTClaimsSet;
import io.mcpoauth.store.SubjectAttributes;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Checks the e-mail address and groups a gateway sends with the user. They are taken whole or not at all:
 * a value that cannot be kept as it is (a control character, too long, too many groups) refuses the login
 * rather than dropping a group silently, since a group list with one missing can grant more than intended
 * where a group denies access.
 */
public final class GatewayAttributes {

    private static final Logger LOG = Logger.getLogger(GatewayAttributes.class.getName());

    private GatewayAttributes() {
    }

    /**
     * @param email  the e-mail value, or null when none was sent
     * @param groups the group names as sent, blanks and repeats allowed; empty when none were sent
     * @return the attributes, or empty when the login must be refused
     */
    static Optional<SubjectAttributes> check(String email, List<String> groups) {
        String mail = email == null ? "" : email.strip();
        if (!mail.isEmpty() && !plausibleEmail(mail)) {
            LOG.warning("login refused: the gateway sent an e-mail attribute that is not a plausible address");
            return Optional.empty();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String group : groups) {
            String g = group == null ? "" : group.strip();
            if (g.isEmpty()) {
                continue;
            }
            if (!SubjectAttributes.isPlainValue(g)) {
                LOG.warning("login refused: the gateway sent a group name with control characters or over "
                        + SubjectAttributes.MAX_LENGTH + " characters");
                return Optional.empty();
            }
            distinct.add(g);
        }
        if (distinct.size() > SubjectAttributes.MAX_GROUPS) {
            LOG.warning("login refused: the gateway sent " + distinct.size() + " groups, more than "
                    + SubjectAttributes.MAX_GROUPS);
            return Optional.empty();
        }
        return Optional.of(SubjectAttributes.of(mail, new ArrayList<>(distinct)));
    }

    /**
     * The e-mail and groups claims of a verified JWT, checked as {@link #check} does.
     *
     * @param emailClaim  the claim with the e-mail, a string; empty for none
     * @param groupsClaim the claim with the groups, an array of strings (most IdPs) or one comma-separated
     *                    string; empty for none
     * @return the attributes, or empty when the JWT must be refused
     */
    public static Optional<SubjectAttributes> fromClaims(JWTClaimsSet claims, String emailClaim, String groupsClaim) {
        Object email = emailClaim.isEmpty() ? null : claims.getClaim(emailClaim);
        Object groups = groupsClaim.isEmpty() ? null : claims.getClaim(groupsClaim);
        List<String> names;
        if (groups == null) {
            names = List.of();
        } else if (groups instanceof String s) {
            names = splitHeader(s);
        } else {
            try {
                List<String> list = claims.getStringListClaim(groupsClaim);
                names = list == null ? List.of() : list;
            } catch (ParseException e) {
                LOG.warning("login refused: the groups claim is neither a string nor an array of strings");
                return Optional.empty();
            }
        }
        // An unusable e-mail claim (not a string) is no e-mail.
        return check(email instanceof String s ? s : null, names);
    }

    /** Comma-separated groups, as oauth2-proxy's {@code X-Forwarded-Groups} and similar headers send them. */
    static List<String> splitHeader(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }

    private static boolean plausibleEmail(String mail) {
        int at = mail.lastIndexOf('@');
        return SubjectAttributes.isPlainValue(mail) && at > 0 && at < mail.length() - 1
                && mail.chars().noneMatch(Character::isWhitespace);
    }
}

package io.mcpoauth.enterprise;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Lists;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.lang.Require;
import io.mcpoauth.store.SubjectAttributes;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One trusted enterprise identity provider, {@code mcp.oauth.enterprise.idp.<id>.*}.
 *
 * @param id          the id listed in {@code mcp.oauth.enterprise.idps}; it scopes the provider's subjects
 * @param issuer      {@code .issuer}: the exact {@code iss} of its grants
 * @param jwksUri     {@code .jwks-uri}: its JWK set, fetched, cached and refetched for an unknown {@code kid};
 *                    null when the keys are given
 * @param jwks        {@code .jwks} (inline JSON) or {@code .jwks-file}: its public keys, for closed networks; null
 *                    when fetched
 * @param algorithms  {@code .algorithms} (default {@code RS256,ES256}): what it may sign with, asymmetric only
 * @param clients     {@code .clients}: the clients that may present its grants; empty for every client
 * @param emailClaim  {@code .email-claim} (default {@code email}, {@code none} for none): the user's e-mail
 * @param groupsClaim {@code .groups-claim} (default {@code groups}, {@code none} for none): the user's groups
 */
public record IdentityProvider(String id, String issuer, URI jwksUri, JWKSet jwks, Set<JWSAlgorithm> algorithms,
        Set<String> clients, String emailClaim, String groupsClaim) {

    static final String PREFIX = "mcp.oauth.enterprise.idp.";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public IdentityProvider {
        Require.nonNull("id, issuer, emailClaim, groupsClaim", id, issuer, emailClaim, groupsClaim);
        if ((jwksUri == null) == (jwks == null)) {
            throw new IllegalArgumentException("exactly one of jwksUri and jwks");
        }
        algorithms = Set.copyOf(algorithms);
        clients = Set.copyOf(clients);
    }

    static IdentityProvider load(ConfigSource c, String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(EnterpriseSettings.IDPS_KEY + ": " + id
                    + " is not an identity provider id (lower-case letters, digits and -, at most 63)");
        }
        String p = PREFIX + id + ".";
        String issuer = c.nonBlank(p + "issuer").orElseThrow(() -> new IllegalArgumentException(
                p + "issuer is required: the exact iss of the provider's grants"));
        if (!SubjectAttributes.isPlainValue(issuer)) {
            // It is kept with every token of the provider's grants (SubjectAttributes.idp), refused here once.
            throw new IllegalArgumentException(p + "issuer must be one line of at most "
                    + SubjectAttributes.MAX_LENGTH + " characters");
        }
        Optional<String> uri = c.nonBlank(p + "jwks-uri");
        Optional<String> inline = c.nonBlank(p + "jwks");
        Optional<String> file = c.nonBlank(p + "jwks-file");
        if (Stream.of(uri, inline, file).filter(Optional::isPresent).count() != 1) {
            throw new IllegalArgumentException("the identity provider " + id + " needs exactly one of " + p
                    + "jwks-uri, " + p + "jwks or " + p + "jwks-file: the keys it signs with");
        }
        JWKSet jwks = inline.isPresent() ? JwkSets.parse(p + "jwks", inline.get())
                : file.map(path -> JwkSets.file(p + "jwks-file", path)).orElse(null);
        return new IdentityProvider(
                id,
                issuer,
                uri.map(v -> JwkSets.httpsUrl(p + "jwks-uri", v)).orElse(null),
                jwks,
                JwkSets.asymmetric(p + "algorithms", c.get(p + "algorithms", "RS256,ES256")),
                new LinkedHashSet<>(Lists.split(c.get(p + "clients", ""))),
                claimName(c.get(p + "email-claim", "email")),
                claimName(c.get(p + "groups-claim", "groups")));
    }

    /** Whether the client may present this provider's grants. */
    public boolean admits(String clientId) {
        return clients.isEmpty() || clients.contains(clientId);
    }

    /**
     * The subject of tokens issued on this provider's grants: its {@code sub} prefixed with the provider's id,
     * so that two providers' users, or a provider's and the gateway's, never share grants or consents.
     */
    public String subject(String sub) {
        return id + "|" + sub;
    }

    /** A claim name; {@code none} turns the attribute off (an empty value would mean the default). */
    private static String claimName(String value) {
        return "none".equals(value) ? "" : value;
    }
}

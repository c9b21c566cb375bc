package io.mcpoauth.login;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.lang.Require;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The signed-assertion login ({@code mcp.oauth.login.mode=assertion}, keys {@code mcp.oauth.login.assertion.*}):
 * the SSO gateway sends a JWT it signed; see {@code docs/login-assertion.md}. Exactly one key source is set.
 *
 * @param header       {@code .header} (default {@code X-Pomerium-Jwt-Assertion}): the header carrying the JWT
 * @param jwksUrl      {@code .jwks-url}: the gateway's JWK set, fetched and cached; null when not set
 * @param jwks         {@code .jwks} (inline JSON) or {@code .jwks-file}: fixed public keys; null when not set
 * @param keyUrl       {@code .key-url}: AWS ALB style, a URL template giving one PEM key per {@code {kid}};
 *                     null when not set
 * @param issuer       {@code .issuer}: the exact {@code iss} required
 * @param audience     {@code .audience}: the {@code aud} required; with {@code key-url}, the header's signer
 * @param subjectClaim {@code .subject-claim} (default {@code sub}): the claim naming the user
 * @param clockSkew    {@code .clock-skew} (default 60s, at most 10m): tolerance on exp, nbf and iat
 * @param algorithms   {@code .algorithms} (default {@code RS256,ES256}): accepted, asymmetric only
 * @param jwksTimeout  {@code .jwks-timeout} (default 5s): connect and read limit of one key fetch
 * @param emailClaim   {@code .email-claim} (default {@code email}, {@code none} for none): the user's e-mail
 * @param groupsClaim  {@code .groups-claim} (default {@code groups}, {@code none} for none): the user's groups, an
 *                     array of strings or one comma-separated string
 */
public record AssertionSettings(String header, URI jwksUrl, JWKSet jwks, String keyUrl, String issuer, String audience,
        String subjectClaim, Duration clockSkew, Set<JWSAlgorithm> algorithms, Duration jwksTimeout,
        String emailClaim, String groupsClaim) {

    private static final String P = "mcp.oauth.login.assertion.";

    public AssertionSettings {
        Require.nonNull("header, issuer, audience, subjectClaim, clockSkew, jwksTimeout, emailClaim, groupsClaim",
                header, issuer, audience, subjectClaim, clockSkew, jwksTimeout, emailClaim, groupsClaim);
        algorithms = Set.copyOf(algorithms);
    }

    /** Settings reading the e-mail from {@code email} and the groups from {@code groups}. */
    public AssertionSettings(String header, URI jwksUrl, JWKSet jwks, String keyUrl, String issuer, String audience,
            String subjectClaim, Duration clockSkew, Set<JWSAlgorithm> algorithms, Duration jwksTimeout) {
        this(header, jwksUrl, jwks, keyUrl, issuer, audience, subjectClaim, clockSkew, algorithms, jwksTimeout,
                "email", "groups");
    }

    /** The settings of {@code mcp.oauth.login.mode=assertion}, read only in that mode. */
    static AssertionSettings load(ConfigSource c) {
        URI jwksUrl = c.nonBlank(P + "jwks-url").map(v -> JwkSets.httpsUrl(P + "jwks-url", v)).orElse(null);
        String keyUrl = c.nonBlank(P + "key-url").orElse(null);
        if (keyUrl != null
                && (!keyUrl.contains("{kid}") || !JwkSets.httpsUrl(P + "key-url", keyUrl).getRawPath().contains("%7Bkid%7D"))) {
            throw new IllegalArgumentException(P + "key-url must contain {kid} in its path, where the key id goes");
        }
        Optional<String> inline = c.nonBlank(P + "jwks");
        Optional<String> file = c.nonBlank(P + "jwks-file");
        if (Stream.of(jwksUrl, keyUrl, inline.orElse(null), file.orElse(null)).filter(Objects::nonNull).count() != 1) {
            throw new IllegalArgumentException("mcp.oauth.login.mode=assertion needs exactly one of " + P + "jwks-url, "
                    + P + "jwks, " + P + "jwks-file or " + P + "key-url: the keys the gateway signs with");
        }
        JWKSet jwks = inline.isPresent() ? JwkSets.parse(P + "jwks", inline.get())
                : file.map(path -> JwkSets.file(P + "jwks-file", path)).orElse(null);
        Duration skew = Durations.parse(P + "clock-skew", c.get(P + "clock-skew", "60s"));
        if (skew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(P + "clock-skew must be at most 10m");
        }
        return new AssertionSettings(
                c.get(P + "header", "X-Pomerium-Jwt-Assertion"),
                jwksUrl,
                jwks,
                keyUrl,
                required(c, "issuer", "the iss its assertions carry"),
                required(c, "audience", "the aud its assertions carry; for AWS ALB, the load balancer's ARN"),
                c.get(P + "subject-claim", "sub"),
                skew,
                JwkSets.asymmetric(P + "algorithms", c.get(P + "algorithms", "RS256,ES256")),
                Durations.parse(P + "jwks-timeout", c.get(P + "jwks-timeout", "5s")),
                claimName(c.get(P + "email-claim", "email")),
                claimName(c.get(P + "groups-claim", "groups")));
    }

    /** A claim name; {@code none} turns the attribute off (an empty value would mean the default). */
    private static String claimName(String value) {
        return "none".equals(value) ? "" : value;
    }

    private static String required(ConfigSource c, String name, String what) {
        return c.nonBlank(P + name).orElseThrow(() -> new IllegalArgumentException(
                "mcp.oauth.login.mode=assertion needs " + P + name + " (" + what + ")"));
    }
}

package io.mcpoauth.login;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keys published one per key id as a PEM public key, the AWS ALB way
 * ({@code https://public-keys.auth.elb.REGION.amazonaws.com/{kid}}), rather than as a JWK set.
 * A key fetched for a kid never changes, so it is kept; a kid that could not be fetched is not asked for again
 * for a minute, and at most a few new kids are fetched a minute, so made-up kids cannot hammer the key server.
 */
final class PemKeyUrlSource implements JWKSource<SecurityContext> {

    /** ALB key ids are UUIDs; nothing that could leave the path segment is ever put in the URL. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_KEYS = 64;
    private static final Duration MISS_MEMORY = Duration.ofMinutes(1);
    private static final int FETCHES_PER_MINUTE = 10;

    private final String template;
    private final DefaultResourceRetriever retriever;
    private final Clock clock;
    private final Map<String, JWK> keys = new ConcurrentHashMap<>();
    private final Map<String, Instant> misses = new ConcurrentHashMap<>();
    private Instant window = Instant.EPOCH;
    private int fetches;

    PemKeyUrlSource(String template, int timeoutMillis, Clock clock) {
        this.template = Objects.requireNonNull(template, "template");
        this.retriever = new DefaultResourceRetriever(timeoutMillis, timeoutMillis, MAX_BYTES);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Set<String> kids = selector.getMatcher().getKeyIDs();
        if (kids == null || kids.size() != 1) {
            return List.of();
        }
        String kid = kids.iterator().next();
        if (kid == null || !KID.matcher(kid).matches()) {
            return List.of();
        }
        JWK key = keys.get(kid);
        if (key == null) {
            key = fetch(kid).orElse(null);
        }
        return key == null ? List.of() : selector.select(new JWKSet(key));
    }

    private synchronized Optional<JWK> fetch(String kid) throws KeySourceException {
        JWK known = keys.get(kid);
        if (known != null) {
            return Optional.of(known);
        }
        Instant now = clock.instant();
        Instant missed = misses.get(kid);
        if (missed != null && missed.plus(MISS_MEMORY).isAfter(now)) {
            return Optional.empty();
        }
        if (!now.isBefore(window.plus(Duration.ofMinutes(1)))) {
            window = now;
            fetches = 0;
        }
        if (++fetches > FETCHES_PER_MINUTE) {
            throw new KeySourceException("too many fetches of unknown key ids; refused " + kid);
        }
        if (misses.size() > MAX_KEYS) {
            misses.clear();
        }
        try {
            JWK key = parse(kid, retriever.retrieveResource(new URL(template.replace("{kid}", kid))).getContent());
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            keys.put(kid, key);
            misses.remove(kid);
            return Optional.of(key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            misses.put(kid, now);
            throw new KeySourceException("cannot fetch key " + kid + ": " + e.getMessage(), e);
        }
    }

    /** A PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), EC or RSA, as a JWK with the given kid. */
    static JWK parse(String kid, String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(spec);
        } catch (GeneralSecurityException notEc) {
            key = KeyFactory.getInstance("RSA").generatePublic(spec);
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new GeneralSecurityException("unsupported EC curve");
            }
            return new ECKey.Builder(curve, ec).keyID(kid).build();
        }
        return new RSAKey.Builder((RSAPublicKey) key).keyID(kid).build();
    }
}

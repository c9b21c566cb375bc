package io.mcpoauth.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import io.mcpoauth.config.Lists;
import io.mcpoauth.protocol.Loopback;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads and fetches the public keys of a configured JWT signer. Every reader names the configuration key in
 * its error.
 */
public final class JwkSets {

    /** The most a fetched JWK set may weigh; real ones are a few kilobytes. */
    static final int MAX_JWKS_BYTES = 256 * 1024;
    /** How long a fetched JWK set is used before it is fetched again (an unknown kid refetches sooner). */
    static final Duration CACHE = Duration.ofMinutes(5);
    /** Fetches are at most two per this interval, so tokens with made-up kids cannot hammer the signer. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private JwkSets() {
    }

    /** A JWK set or a single JWK; public RSA and EC keys only (a private part given by mistake is dropped). */
    public static JWKSet parse(String key, String json) {
        JWKSet set;
        try {
            Map<String, Object> object = JSONObjectUtils.parse(json);
            set = object.containsKey("keys") ? JWKSet.parse(object) : new JWKSet(JWK.parse(object));
        } catch (ParseException e) {
            throw new IllegalArgumentException(key + ": not a JWK set: " + e.getMessage());
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalArgumentException(key + ": the JWK set has no keys");
        }
        for (JWK jwk : set.getKeys()) {
            if (!KeyType.RSA.equals(jwk.getKeyType()) && !KeyType.EC.equals(jwk.getKeyType())) {
                throw new IllegalArgumentException(key + ": only RSA and EC public keys are accepted, not "
                        + jwk.getKeyType());
            }
        }
        return set.toPublicJWKSet();
    }

    /**
     * A client's JWK set as a registration or an import gives it: as {@link #parse}, but a JWK set object only,
     * at most {@code maxChars} of JSON and {@code maxKeys} keys, and no private parts (a client that sends its
     * private key has leaked it: refused rather than silently dropped).
     */
    public static JWKSet registrable(String key, String json, int maxChars, int maxKeys) {
        if (json.length() > maxChars) {
            throw new IllegalArgumentException(key + ": the JWK set is longer than " + maxChars + " characters");
        }
        JWKSet set;
        try {
            Map<String, Object> object = JSONObjectUtils.parse(json);
            if (!object.containsKey("keys")) {
                throw new IllegalArgumentException(key + ": not a JWK set (no \"keys\")");
            }
            set = JWKSet.parse(object);
        } catch (ParseException e) {
            throw new IllegalArgumentException(key + ": not a JWK set");
        }
        if (set.getKeys().size() > maxKeys) {
            throw new IllegalArgumentException(key + ": more than " + maxKeys + " keys");
        }
        for (JWK jwk : set.getKeys()) {
            if (jwk.isPrivate()) {
                throw new IllegalArgumentException(key + ": holds a private key");
            }
        }
        return parse(key, json);
    }

    /** As {@link #parse}, from a file. */
    public static JWKSet file(String key, String path) {
        try {
            return parse(key, Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + path + " (" + e + ")");
        }
    }

    /** Asymmetric signatures only: never {@code none}, never HS* (whose "key" could be the public key itself). */
    public static Set<JWSAlgorithm> asymmetric(String key, String value) {
        Set<JWSAlgorithm> out = new LinkedHashSet<>();
        for (String name : Lists.split(value)) {
            JWSAlgorithm alg = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(alg) && !JWSAlgorithm.Family.EC.contains(alg)) {
                throw new IllegalArgumentException(key + ": " + name
                        + " is not allowed; only RSA (RS*, PS*) and EC (ES*) signatures are accepted");
            }
            out.add(alg);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " must name at least one algorithm");
        }
        return out;
    }

    /** An https URL, or http on loopback only (a local sidecar or a test). */
    public static URI httpsUrl(String key, String value) {
        URI uri;
        try {
            uri = new URI(value.replace("{kid}", "%7Bkid%7D"));
        } catch (Exception e) {
            throw new IllegalArgumentException(key + ": not a URL: " + value);
        }
        String host = uri.getHost();
        if (host == null || !("https".equals(uri.getScheme())
                || ("http".equals(uri.getScheme()) && Loopback.isHost(host)))) {
            throw new IllegalArgumentException(key + " must be an https URL (http only on loopback): " + value);
        }
        return uri;
    }

    /** Fixed keys. */
    public static JWKSource<SecurityContext> fixed(JWKSet keys) {
        return new ImmutableJWKSet<>(keys);
    }

    /**
     * Keys fetched from a JWK set URL the operator configured: bounded in size and time, cached, refetched at
     * once for a kid missing from the cached set (key rotation) but at most twice per {@link #MIN_INTERVAL}.
     * No refresh-ahead and no retries: those start threads of their own, which a container should own.
     */
    public static JWKSource<SecurityContext> remote(URI url, Duration timeout) {
        int millis = (int) timeout.toMillis();
        return remote(url, new DefaultResourceRetriever(millis, millis, MAX_JWKS_BYTES), timeout);
    }

    /**
     * As {@link #remote(URI, Duration)}, fetched by the given retriever: for a URL someone other than the operator
     * chose, one that guards where it connects to and bounds the fetch within {@code timeout}.
     */
    public static JWKSource<SecurityContext> remote(URI url, ResourceRetriever retriever, Duration timeout) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(), retriever)
                    .cache(CACHE.toMillis(), timeout.toMillis())
                    .refreshAheadCache(false)
                    .rateLimited(MIN_INTERVAL.toMillis())
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(url + ": " + e.getMessage(), e);
        }
    }
}

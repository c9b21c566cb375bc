package io.mcpoauth.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.StoredSigningKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keys the server generates and rotates itself, kept in the storage so that every instance signs with the same
 * key and publishes the same set. The store holds one key per {@link Rotation} slot: the instance that first
 * needs a slot's key (the current one at start-up, the next one once it is due to be published) generates it and
 * stores it if the slot is still empty; a losing instance takes the winner's key.
 *
 * <p>Answers come from a snapshot in memory, read again from the storage every {@link #REFRESH} (and at once when
 * it lacks a key that is due), so issuing a token never waits on the storage. A failed refresh keeps the last
 * snapshot while it still holds the current key, and tries again after {@link #RETRY}.
 */
public final class RotatingSigningKeys implements SigningKeys {

    /** How long a snapshot of the stored keys is used; far below the shortest publish-ahead. */
    public static final Duration REFRESH = Duration.ofSeconds(60);
    static final Duration RETRY = Duration.ofSeconds(5);
    /** RSA keys the server generates: RFC 7518 3.3's minimum. */
    static final int RSA_BITS = 2048;

    private static final Logger LOG = Logger.getLogger(RotatingSigningKeys.class.getName());

    /** One stored key, opened. */
    private record Entry(StoredSigningKey stored, SigningKey key) {
    }

    /** The keys as last read, in slot order, and when the next read is due. */
    private record Snapshot(Map<Instant, Entry> bySlot, Instant readAt, Instant nextRead) {
    }

    private final SigningKeyStore store;
    private final KeySealer sealer;
    private final JWSAlgorithm algorithm;
    private final Rotation rotation;
    /** Opened keys by sealed form: opening and checking a key is done once. */
    private final Map<String, SigningKey> opened = new HashMap<>();
    private volatile Snapshot snapshot;

    RotatingSigningKeys(SigningKeyStore store, KeySealer sealer, JWSAlgorithm algorithm, Rotation rotation) {
        this.store = Objects.requireNonNull(store, "store");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
    }

    @Override
    public SigningKey current(Instant now) {
        Entry e = fresh(now).bySlot().get(rotation.currentSlot(now));
        if (e == null) {
            throw new IllegalStateException("no signing key for " + rotation.currentSlot(now));
        }
        return e.key();
    }

    @Override
    public JWKSet published(Instant now) {
        Snapshot s = fresh(now);
        Instant current = rotation.currentSlot(now);
        List<JWK> keys = new ArrayList<>();
        for (Entry e : s.bySlot().values()) {
            StoredSigningKey k = e.stored();
            boolean shown = k.signsFrom().equals(current)
                    || !now.isBefore(rotation.publishAt(k.signsFrom())) && now.isBefore(k.expiresAt());
            if (shown) {
                keys.add(e.key().publicJwk());
            }
        }
        return new JWKSet(keys);
    }

    /** The snapshot, read again when due or when it lacks a key needed at {@code now}. */
    private Snapshot fresh(Instant now) {
        Snapshot s = snapshot;
        if (s != null && complete(s, now) && now.isBefore(s.nextRead())) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && complete(s, now) && now.isBefore(s.nextRead())) {
                return s;
            }
            try {
                snapshot = read(now);
            } catch (RuntimeException e) {
                if (s == null || !s.bySlot().containsKey(rotation.currentSlot(now))) {
                    throw e;
                }
                LOG.log(Level.WARNING, "reading the signing keys failed; signing on with the keys read at "
                        + s.readAt(), e);
                snapshot = new Snapshot(s.bySlot(), s.readAt(), now.plus(RETRY));
            }
            return snapshot;
        }
    }

    private boolean complete(Snapshot s, Instant now) {
        return s.bySlot().containsKey(rotation.currentSlot(now))
                && (!rotation.nextDue(now) || s.bySlot().containsKey(rotation.nextSlot(now)));
    }

    /** Reads the stored keys, creating the current and, when due, the next slot's key if missing. */
    private Snapshot read(Instant now) {
        Map<Instant, StoredSigningKey> stored = new TreeMap<>();
        for (StoredSigningKey k : store.list(now)) {
            stored.put(k.signsFrom(), k);
        }
        List<Instant> needed = new ArrayList<>(List.of(rotation.currentSlot(now)));
        if (rotation.nextDue(now)) {
            needed.add(rotation.nextSlot(now));
        }
        for (Instant slot : needed) {
            if (!stored.containsKey(slot)) {
                StoredSigningKey made = store.putIfAbsent(generate(slot), now);
                stored.put(made.signsFrom(), made);
                LOG.info(() -> "signing key " + made.kid() + " (" + made.algorithm() + ") signs from "
                        + made.signsFrom() + ", published from " + rotation.publishAt(made.signsFrom()));
            }
        }
        Map<Instant, Entry> bySlot = new TreeMap<>();
        for (StoredSigningKey k : stored.values()) {
            try {
                bySlot.put(k.signsFrom(), new Entry(k, open(k)));
            } catch (IllegalStateException | IllegalArgumentException e) {
                if (k.signsFrom().equals(rotation.currentSlot(now))) {
                    throw e;
                }
                LOG.severe("signing key " + k.kid() + " is left out: " + e.getMessage());
            }
        }
        opened.keySet().retainAll(stored.values().stream().map(StoredSigningKey::sealedKey).toList());
        return new Snapshot(Collections.unmodifiableMap(bySlot), now, now.plus(REFRESH));
    }

    private SigningKey open(StoredSigningKey k) {
        SigningKey key = opened.get(k.sealedKey());
        if (key == null) {
            long slot = k.signsFrom().toEpochMilli();
            try {
                key = SigningKey.of(k.kid(), JWSAlgorithm.parse(k.algorithm()),
                        JWK.parse(sealer.open(k.kid(), slot, k.sealedKey())));
            } catch (ParseException e) {
                throw new IllegalStateException("signing key " + k.kid() + " is not a JWK");
            }
            opened.put(k.sealedKey(), key);
        }
        return key;
    }

    /** A new key for the slot, its kid the RFC 7638 thumbprint. */
    private StoredSigningKey generate(Instant slot) {
        try {
            JWK jwk = JWSAlgorithm.RS256.equals(algorithm)
                    ? new RSAKeyGenerator(RSA_BITS).keyIDFromThumbprint(true).generate()
                    : new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            String kid = jwk.getKeyID();
            return new StoredSigningKey(slot, kid, algorithm.getName(), rotation.signsUntil(slot),
                    rotation.expiresAt(slot), sealer.seal(kid, slot.toEpochMilli(), jwk.toJSONString()));
        } catch (JOSEException e) {
            throw new IllegalStateException("generating a signing key failed", e);
        }
    }
}

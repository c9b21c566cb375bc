package io.mcpoauth.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import io.mcpoauth.jose.ClientAssertionSettings;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key source and allowed algorithms of each {@code private_key_jwt} client, built once per client and kept
 * while its keys stay the same: a fetched JWK set is cached by its source (and refetched for an unknown
 * {@code kid} at most twice per 30 seconds, see {@link JwkSets#remote}), so it must not be rebuilt per request.
 * A configured client's {@code jwks-uri} is the operator's and fetched plainly; any other client's went through
 * registration or a metadata document, so it is fetched by the guarded retriever.
 */
public final class AssertionKeys {

    /** Clients whose sources are kept; beyond this the map starts afresh (each source refetches once). */
    static final int MAX_CLIENTS = 10_000;

    private final ClientAssertionSettings settings;
    private final ResourceRetriever guarded;
    private final Map<String, Keys> byClient = new ConcurrentHashMap<>();

    /** What one client's assertions are verified with. */
    record Keys(ClientKeys given, boolean operatorTrusted, JWKSource<SecurityContext> source,
            Set<JWSAlgorithm> algorithms) {
    }

    /** @param guarded fetches the key sets of clients that named their {@code jwks_uri} themselves */
    public AssertionKeys(ClientAssertionSettings settings, ResourceRetriever guarded) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.guarded = Objects.requireNonNull(guarded, "guarded");
    }

    /**
     * @throws IllegalArgumentException for keys that cannot be used (never stored: registration, configuration
     *                                  and import check them)
     */
    Keys of(ClientRecord client, boolean operatorTrusted) {
        Keys kept = byClient.get(client.clientId());
        if (kept != null && kept.given().equals(client.keys()) && kept.operatorTrusted() == operatorTrusted) {
            return kept;
        }
        Keys built = build(client.clientId(), client.keys(), operatorTrusted);
        if (byClient.size() >= MAX_CLIENTS) {
            byClient.clear();
        }
        byClient.put(client.clientId(), built);
        return built;
    }

    private Keys build(String clientId, ClientKeys keys, boolean operatorTrusted) {
        String name = "the keys of client " + clientId;
        JWKSource<SecurityContext> source;
        if (!keys.jwks().isEmpty()) {
            source = JwkSets.fixed(JwkSets.parse(name, keys.jwks()));
        } else if (operatorTrusted) {
            source = JwkSets.remote(JwkSets.httpsUrl(name, keys.jwksUri()), settings.jwksTimeout());
        } else {
            source = JwkSets.remote(URI.create(keys.jwksUri()), guarded, settings.jwksTimeout());
        }
        Set<JWSAlgorithm> algorithms = keys.algorithms().isEmpty() ? settings.algorithms()
                : JwkSets.asymmetric(name, String.join(",", keys.algorithms()));
        return new Keys(keys, operatorTrusted, source, algorithms);
    }
}

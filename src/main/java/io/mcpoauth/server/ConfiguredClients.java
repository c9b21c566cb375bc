package io.mcpoauth.server;

import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Lists;
import io.mcpoauth.config.Setting;
import io.mcpoauth.crypto.BcryptHashes;
import io.mcpoauth.jose.ClientAssertionSettings;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the clients declared in configuration: {@code mcp.oauth.clients} lists the ids, then
 * {@code mcp.oauth.client.<id>.secret-hash} (bcrypt; absent for a public client), {@code .redirect-uris},
 * {@code .scopes}, {@code .name}, {@code .auth-method} and {@code .grant-types}. A {@code private_key_jwt} client
 * (RFC 7523 2.2) has no secret but exactly one of {@code .jwks} (a JWK set as JSON), {@code .jwks-file} or
 * {@code .jwks-uri} (fetched, cached; trusted as the operator's own), and {@code .algorithms} (default
 * {@code RS256,ES256}, asymmetric only).
 */
record ConfiguredClients(Map<String, ClientRecord> clients, Set<String> introspectAny) {

    /**
     * @return the clients by id, and those that act as resource servers and may introspect any token
     *         ({@code .introspect-any=true})
     */
    static ConfiguredClients read(ConfigSource config) {
        Map<String, ClientRecord> clients = new LinkedHashMap<>();
        Set<String> introspectAny = new LinkedHashSet<>();
        for (String id : Lists.split(config.get("mcp.oauth.clients", ""))) {
            String prefix = "mcp.oauth.client." + id + ".";
            if (config.bool(prefix + "introspect-any", false)) {
                introspectAny.add(id);
            }
            String secretHash = config.get(prefix + "secret-hash", "");
            if (!secretHash.isEmpty()) {
                BcryptHashes.check(prefix + "secret-hash", secretHash);
            }
            ClientAuthMethod defaultMethod = secretHash.isEmpty() ? ClientAuthMethod.NONE
                    : ClientAuthMethod.CLIENT_SECRET_BASIC;
            String methodName = config.get(prefix + "auth-method", defaultMethod.value());
            ClientAuthMethod method = ClientAuthMethod.parse(methodName).orElseThrow(() -> new IllegalArgumentException(
                    prefix + "auth-method: unknown method " + Setting.quote(methodName) + "; known are "
                    + String.join(", ", ClientAuthMethod.supported())));
            if (secretHash.isEmpty() == method.usesSecret()) {
                throw new IllegalArgumentException(prefix + "auth-method " + method + " does not fit "
                        + (secretHash.isEmpty() ? "a client without secret-hash" : "a client with a secret-hash"));
            }
            ClientKeys keys = keys(config, prefix, method);
            List<String> redirectUris = Lists.split(config.get(prefix + "redirect-uris", ""));
            Set<GrantType> grantTypes = RegistrationSettings.grantTypes(config, prefix + "grant-types");
            clients.put(id, new ClientRecord(
                    id,
                    config.get(prefix + "name", id),
                    secretHash,
                    method,
                    redirectUris,
                    new LinkedHashSet<>(Lists.split(config.get(prefix + "scopes", ""))),
                    grantTypes,
                    Instant.EPOCH,
                    null,
                    keys));
        }
        return new ConfiguredClients(clients, introspectAny);
    }

    /** The keys of a private_key_jwt client: exactly one source; none of them for a client of another method. */
    private static ClientKeys keys(ConfigSource config, String prefix, ClientAuthMethod method) {
        Optional<String> inline = config.nonBlank(prefix + "jwks");
        Optional<String> file = config.nonBlank(prefix + "jwks-file");
        Optional<String> uri = config.nonBlank(prefix + "jwks-uri");
        long given = Stream.of(inline, file, uri).filter(Optional::isPresent).count();
        if (method != ClientAuthMethod.PRIVATE_KEY_JWT) {
            if (given > 0 || config.nonBlank(prefix + "algorithms").isPresent()) {
                throw new IllegalArgumentException(prefix + "jwks, jwks-file, jwks-uri and algorithms are for "
                        + prefix + "auth-method=private_key_jwt only");
            }
            return ClientKeys.NONE;
        }
        if (given != 1) {
            throw new IllegalArgumentException(prefix + "auth-method=private_key_jwt needs exactly one of " + prefix
                    + "jwks, " + prefix + "jwks-file or " + prefix + "jwks-uri: the keys its assertions are signed with");
        }
        Set<String> algorithms = new LinkedHashSet<>();
        JwkSets.asymmetric(prefix + "algorithms", config.get(prefix + "algorithms",
                ClientAssertionSettings.DEFAULT_ALGORITHMS)).forEach(a -> algorithms.add(a.getName()));
        if (uri.isPresent()) {
            return ClientKeys.fetched(JwkSets.httpsUrl(prefix + "jwks-uri", uri.get()).toString(), algorithms);
        }
        JWKSet set = inline.isPresent() ? JwkSets.parse(prefix + "jwks", inline.get())
                : JwkSets.file(prefix + "jwks-file", file.get());
        return ClientKeys.inline(set.toString(), algorithms);
    }
}

package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Lists;
import io.mcpoauth.config.Setting;
import io.mcpoauth.crypto.BcryptHashes;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.store.ClientRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the clients declared in configuration: {@code mcp.oauth.clients} lists the ids, then
 * {@code mcp.oauth.client.<id>.secret-hash} (bcrypt; absent for a public client), {@code .redirect-uris},
 * {@code .scopes}, {@code .name}, {@code .auth-method} and {@code .grant-types}.
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
                    Instant.EPOCH));
        }
        return new ConfiguredClients(clients, introspectAny);
    }
}

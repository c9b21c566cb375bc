package io.mcpoauth.server;

import io.mcpoauth.protocol.ClientAuthMethod;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Authorization server metadata (RFC 8414 2), built once from the settings and the grant types handled. */
public final class MetadataService {

    private final Map<String, Object> metadata;

    /** @param grantTypes {@code grant_types_supported}, in their order */
    public MetadataService(OAuthSettings settings, Collection<String> grantTypes) {
        this(settings, grantTypes, false);
    }

    /**
     * @param grantTypes  {@code grant_types_supported}, in their order
     * @param publishKeys whether the server signs with keys it publishes at {@code /jwks} ({@code jwks_uri})
     */
    public MetadataService(OAuthSettings settings, Collection<String> grantTypes, boolean publishKeys) {
        this.metadata = Collections.unmodifiableMap(build(settings, grantTypes, publishKeys));
    }

    /** The metadata, with absent members left out. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    private static Map<String, Object> build(OAuthSettings settings, Collection<String> grantTypes,
            boolean publishKeys) {
        Map<String, Object> m = new LinkedHashMap<>();
        String base = settings.issuer();
        m.put("issuer", base);
        m.put("authorization_endpoint", base + "/authorize");
        m.put("token_endpoint", base + "/token");
        if (publishKeys) {
            // RFC 8414 2: where the keys that verify the server's signatures (its JWT access tokens) are.
            m.put("jwks_uri", base + "/jwks");
        }
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.copyOf(grantTypes));
        m.put("token_endpoint_auth_methods_supported", ClientAuthMethod.supported());
        // RFC 8414 2: required when private_key_jwt is listed; the same methods and algorithms serve the
        // revocation and introspection endpoints, which authenticate clients through the same gate.
        List<String> algorithms = assertionAlgorithms(settings);
        m.put("token_endpoint_auth_signing_alg_values_supported", algorithms);
        if (settings.registration().enabled()) {
            m.put("registration_endpoint", base + "/register");
        }
        m.put("revocation_endpoint", base + "/revoke");
        m.put("revocation_endpoint_auth_methods_supported", ClientAuthMethod.supported());
        m.put("revocation_endpoint_auth_signing_alg_values_supported", algorithms);
        m.put("introspection_endpoint", base + "/introspect");
        m.put("introspection_endpoint_auth_methods_supported", ClientAuthMethod.authenticating());
        m.put("introspection_endpoint_auth_signing_alg_values_supported", algorithms);
        m.put("code_challenge_methods_supported", List.of("S256"));
        if (!settings.supportedScopes().isEmpty()) {
            m.put("scopes_supported", List.copyOf(settings.supportedScopes()).stream().sorted().toList());
        }
        m.put("authorization_response_iss_parameter_supported", true);
        if (settings.cimd().enabled()) {
            m.put("client_id_metadata_document_supported", true);
        }
        return m;
    }

    /** The algorithms any client's assertion may be signed with: the server's, and configured clients' own. */
    private static List<String> assertionAlgorithms(OAuthSettings settings) {
        Set<String> names = new TreeSet<>();
        settings.clientAssertions().algorithms().forEach(a -> names.add(a.getName()));
        settings.clients().values().forEach(c -> names.addAll(c.keys().algorithms()));
        return List.copyOf(names);
    }
}

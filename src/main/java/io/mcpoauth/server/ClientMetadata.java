package io.mcpoauth.server;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.mcpoauth.cimd.KeySetFetcher;
import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.ClientKeys;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client metadata of a registration request (RFC 7591 2), checked. Unknown members are ignored (RFC 7591
 * 2: "the authorization server MUST ignore any client metadata sent by the client that it does not understand").
 */
public record ClientMetadata(
        List<String> redirectUris,
        ClientAuthMethod authMethod,
        Set<GrantType> grantTypes,
        String clientName,
        Scope scope,
        ClientKeys keys) {

    private static final int MAX_REDIRECT_URIS = 20;
    private static final int MAX_TEXT = 512;

    public ClientMetadata {
        redirectUris = List.copyOf(redirectUris);
        Require.nonNull("authMethod, clientName, scope, keys", authMethod, clientName, scope, keys);
        grantTypes = Set.copyOf(grantTypes);
    }

    public static ClientMetadata parse(Map<String, Object> json) {
        ClientAuthMethod method = ClientAuthMethod.parse(text(json, "token_endpoint_auth_method",
                ClientAuthMethod.CLIENT_SECRET_BASIC.value()))
                .orElseThrow(() -> invalid("unsupported token_endpoint_auth_method"));
        Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
        for (String grant : strings(json, "grant_types", List.of(GrantType.AUTHORIZATION_CODE.value()))) {
            grants.add(GrantType.parse(grant).orElseThrow(() -> invalid("unsupported grant_types")));
        }
        if (grants.isEmpty()) {
            throw invalid("unsupported grant_types");
        }
        for (GrantType grant : grants) {
            if (method.isPublic() && !grant.allowsPublicClients()) {
                throw invalid(grant.value() + " requires a confidential client");
            }
        }
        boolean redirects = grants.contains(GrantType.AUTHORIZATION_CODE);
        List<String> responseTypes = strings(json, "response_types", redirects ? List.of("code") : List.of());
        if (!List.of("code").containsAll(responseTypes) || redirects != responseTypes.contains("code")) {
            // RFC 7591 2.1: response_types and grant_types must be consistent.
            throw invalid("response_types must be [\"code\"] with the authorization_code grant");
        }
        List<String> uris = strings(json, "redirect_uris", List.of());
        if (redirects && uris.isEmpty()) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, "redirect_uris is required");
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw new OAuthException(OAuthError.INVALID_REDIRECT_URI, "too many redirect_uris");
        }
        uris.forEach(RedirectUris::requireRegistrable);
        Scope scope;
        try {
            scope = Scope.parse(text(json, "scope", ""));
        } catch (OAuthException e) {
            throw invalid("malformed scope");
        }
        return new ClientMetadata(uris, method, grants, text(json, "client_name", ""), scope, keys(json, method));
    }

    /**
     * RFC 7591 2: {@code jwks} (a JWK set object) or {@code jwks_uri} (an https URL), which "MUST NOT both be
     * present"; a {@code private_key_jwt} client needs one of them (RFC 7523 2.2: the server verifies its
     * signatures), and this server takes them only from such a client. The keys must parse, be public RSA or EC
     * keys and few; where a {@code jwks_uri} points is checked each time it is fetched.
     */
    private static ClientKeys keys(Map<String, Object> json, ClientAuthMethod method) {
        Object jwks = json.get("jwks");
        Object jwksUri = json.get("jwks_uri");
        if (jwks != null && jwksUri != null) {
            throw invalid("jwks and jwks_uri must not both be present");
        }
        if (method != ClientAuthMethod.PRIVATE_KEY_JWT) {
            if (jwks != null || jwksUri != null) {
                throw invalid("jwks and jwks_uri are accepted only with token_endpoint_auth_method private_key_jwt");
            }
            return ClientKeys.NONE;
        }
        if (jwks == null && jwksUri == null) {
            throw invalid("private_key_jwt requires jwks or jwks_uri");
        }
        if (jwksUri != null) {
            if (!(jwksUri instanceof String uri)) {
                throw invalid("jwks_uri must be a string");
            }
            KeySetFetcher.refusal(uri).ifPresent(reason -> {
                throw invalid(reason);
            });
            return ClientKeys.fetched(uri, Set.of());
        }
        if (!(jwks instanceof Map<?, ?> object)) {
            throw invalid("jwks must be a JSON object (a JWK set)");
        }
        try {
            JWKSet set = JwkSets.registrable("jwks", JSONObjectUtils.toJSONString(stringKeys(object)),
                    KeySetFetcher.MAX_CLIENT_JWKS_CHARS, KeySetFetcher.MAX_CLIENT_JWKS_KEYS);
            return ClientKeys.inline(set.toString(), Set.of());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw invalid(e.getMessage() == null ? "jwks is not a JWK set" : e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Map<?, ?> object) {
        return (Map<String, Object>) object;
    }

    private static String text(Map<String, Object> json, String name, String defaultValue) {
        Object v = json.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String s) || s.length() > MAX_TEXT) {
            throw invalid(name + " must be a string of at most " + MAX_TEXT + " characters");
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> json, String name, List<String> defaultValue) {
        Object v = json.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.length() > MAX_TEXT * 4) {
                throw invalid(name + " must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    private static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT_METADATA, description);
    }
}

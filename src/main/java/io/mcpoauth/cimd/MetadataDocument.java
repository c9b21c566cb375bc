package io.mcpoauth.cimd;

import io.mcpoauth.jose.JwkSets;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.JsonBounds;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a fetched Client ID Metadata Document and turns it into a client: a public one, or a
 * {@code private_key_jwt} one with its {@code jwks} or {@code jwks_uri} (the MCP authorization's metadata-document
 * section allows it; a document can never carry a shared secret).
 */
final class MetadataDocument {

    /** A document describes a public client: the grant types a public client may use. */
    private static final Set<GrantType> GRANTS =
            EnumSet.copyOf(Arrays.stream(GrantType.values()).filter(GrantType::allowsPublicClients).toList());
    private MetadataDocument() {
    }

    static ClientRecord parse(String url, byte[] body, Instant now) {
        requireShallow(body);
        JsonObject doc;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new MetadataDocumentException("document is not a JSON object");
            }
            doc = value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new MetadataDocumentException("document is not valid JSON");
        }
        // The document's client_id must be the very URL it was fetched from.
        if (!url.equals(string(doc, "client_id"))) {
            throw new MetadataDocumentException("client_id in the document differs from its URL");
        }
        String name = string(doc, "client_name");
        if (name == null || name.isBlank()) {
            throw new MetadataDocumentException("client_name is required");
        }
        List<String> redirectUris = strings(doc, "redirect_uris");
        if (redirectUris == null || redirectUris.isEmpty()) {
            throw new MetadataDocumentException("redirect_uris is required");
        }
        redirectUris.forEach(MetadataDocument::requireRedirectUri);
        String method = string(doc, "token_endpoint_auth_method");
        boolean signing = ClientAuthMethod.PRIVATE_KEY_JWT.value().equals(method);
        if (method != null && !ClientAuthMethod.NONE.value().equals(method) && !signing) {
            // A document is public: it cannot carry a shared secret.
            throw new MetadataDocumentException("token_endpoint_auth_method must be none or private_key_jwt");
        }
        ClientKeys keys = keys(doc, signing);
        List<String> grants = strings(doc, "grant_types");
        Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);
        if (grants == null) {
            grantTypes.addAll(GRANTS);
        }
        for (String grant : grants == null ? List.<String>of() : grants) {
            grantTypes.add(GrantType.parse(grant).filter(GRANTS::contains).orElseThrow(() -> unsupportedGrants()));
        }
        if (!grantTypes.contains(GrantType.AUTHORIZATION_CODE)) {
            throw unsupportedGrants();
        }
        String scope = string(doc, "scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null && !scope.isBlank()) {
            scopes.addAll(List.of(scope.trim().split(" +")));
        }
        return new ClientRecord(url, name, "", signing ? ClientAuthMethod.PRIVATE_KEY_JWT : ClientAuthMethod.NONE,
                redirectUris, scopes, grantTypes, now, null, keys);
    }

    /** As registration takes them (RFC 7591 2): exactly one of jwks and jwks_uri, and only for private_key_jwt. */
    private static ClientKeys keys(JsonObject doc, boolean signing) {
        JsonValue jwks = doc.get("jwks");
        String jwksUri = string(doc, "jwks_uri");
        boolean hasJwks = jwks != null && jwks.getValueType() != JsonValue.ValueType.NULL;
        if (!signing) {
            if (hasJwks || jwksUri != null) {
                throw new MetadataDocumentException("jwks and jwks_uri are accepted only with private_key_jwt");
            }
            return ClientKeys.NONE;
        }
        if (hasJwks == (jwksUri != null)) {
            throw new MetadataDocumentException("private_key_jwt requires exactly one of jwks and jwks_uri");
        }
        if (jwksUri != null) {
            KeySetFetcher.refusal(jwksUri).ifPresent(reason -> {
                throw new MetadataDocumentException(reason);
            });
            return ClientKeys.fetched(jwksUri, Set.of());
        }
        if (jwks.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new MetadataDocumentException("jwks must be a JSON object (a JWK set)");
        }
        try {
            return ClientKeys.inline(JwkSets.registrable("jwks", jwks.toString(), KeySetFetcher.MAX_CLIENT_JWKS_CHARS,
                    KeySetFetcher.MAX_CLIENT_JWKS_KEYS).toString(), Set.of());
        } catch (IllegalArgumentException e) {
            throw new MetadataDocumentException(e.getMessage());
        }
    }

    private static MetadataDocumentException unsupportedGrants() {
        return new MetadataDocumentException("grant_types must be " + GrantType.AUTHORIZATION_CODE + " and optionally "
                + String.join(", ", GrantType.sortedValues(GRANTS.stream()
                        .filter(g -> g != GrantType.AUTHORIZATION_CODE).toList())));
    }

    /**
     * Refuses nesting, entries and strings beyond {@link JsonBounds} before a parser builds a model of the
     * document: building one recurses per level, so thousands of {@code [} would end in a
     * {@link StackOverflowError}. The same check registration bodies pass.
     */
    static void requireShallow(byte[] body) {
        try {
            JsonBounds.check(new String(body, StandardCharsets.UTF_8), OAuthError.INVALID_CLIENT_METADATA);
        } catch (OAuthException e) {
            throw new MetadataDocumentException("document refused: " + e.description());
        }
    }

    private static void requireRedirectUri(String value) {
        try {
            RedirectUris.requireRegistrable(value);
        } catch (OAuthException e) {
            throw new MetadataDocumentException(e.description());
        }
    }

    private static String string(JsonObject doc, String name) {
        JsonValue v = doc.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new MetadataDocumentException(name + " must be a string");
        }
        return s.getString();
    }

    private static List<String> strings(JsonObject doc, String name) {
        JsonValue v = doc.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonArray array)) {
            throw new MetadataDocumentException(name + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new MetadataDocumentException(name + " must be an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }
}

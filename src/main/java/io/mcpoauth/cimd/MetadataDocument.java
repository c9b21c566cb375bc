package io.mcpoauth.cimd;

import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.store.ClientRecord;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks a fetched Client ID Metadata Document and turns it into a public client. */
final class MetadataDocument {

    private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token");
    /** A metadata document is an object of strings and arrays (RFC 7591 2); a little room for extensions. */
    static final int MAX_DEPTH = 16;

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
        if (method != null && !ClientRecord.AUTH_NONE.equals(method)) {
            // A document is public: it cannot carry a shared secret, and private_key_jwt is not supported.
            throw new MetadataDocumentException("token_endpoint_auth_method must be none");
        }
        List<String> grants = strings(doc, "grant_types");
        Set<String> grantTypes = new LinkedHashSet<>(grants == null ? GRANTS : grants);
        if (!GRANTS.containsAll(grantTypes) || !grantTypes.contains("authorization_code")) {
            throw new MetadataDocumentException("grant_types must be authorization_code and optionally refresh_token");
        }
        String scope = string(doc, "scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (scope != null && !scope.isBlank()) {
            scopes.addAll(List.of(scope.trim().split(" +")));
        }
        return new ClientRecord(url, name, "", ClientRecord.AUTH_NONE, redirectUris, scopes, grantTypes, now);
    }

    /**
     * Refuses nesting deeper than {@value #MAX_DEPTH} before a parser builds a model of it: building one
     * recurses per level, so thousands of {@code [} would end in a {@link StackOverflowError}. A byte scan
     * that skips strings; whether the rest is valid JSON is the parser's business.
     */
    static void requireShallow(byte[] body) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new MetadataDocumentException("document nested deeper than " + MAX_DEPTH);
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
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

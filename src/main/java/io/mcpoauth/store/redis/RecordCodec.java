package io.mcpoauth.store.redis;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.ClientKeys;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.ConsentRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.StoredSigningKey;
import io.mcpoauth.store.SubjectAttributes;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Records to and from JSON (JSON-P, provided by the server). Instants are epoch milliseconds, which is what
 * the Lua scripts compare. A refresh token's {@code rotated} flag is not in its JSON: it is the first
 * character of the stored value (see {@link Flagged}), so a script can flip it without parsing JSON.
 */
final class RecordCodec {

    /** Looked up once: {@code Json.create*} would search for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private RecordCodec() {
    }

    /** A value stored as {@code <flag><expiresAtMillis>:<json>}, flag {@code 0} fresh or {@code 1} used. */
    record Flagged(boolean used, long expiresAtMillis, String json) {

        String encode() {
            return (used ? '1' : '0') + Long.toString(expiresAtMillis) + ':' + json;
        }

        static Flagged decode(String value) {
            int colon = value.indexOf(':');
            if (value.length() < 3 || colon < 2) {
                throw new IllegalStateException("not a flagged record");
            }
            return new Flagged(value.charAt(0) == '1', Long.parseLong(value.substring(1, colon)),
                    value.substring(colon + 1));
        }
    }

    static String write(AuthorizationCode c) {
        Grant grant = c.grant();
        return object(g -> g.write("codeHash", c.codeHash()).write("grantId", grant.grantId())
                .write("clientId", grant.clientId()).write("subject", grant.subject())
                .write("redirectUri", c.redirectUri()).write("scope", grant.scope().toString())
                .write("codeChallenge", c.codeChallenge()).write("issuedAt", c.issuedAt().toEpochMilli())
                .write("expiresAt", c.expiresAt().toEpochMilli()),
                "resources", grant.resources(), grant.attributes());
    }

    static AuthorizationCode readCode(String json) {
        JsonObject o = parse(json);
        return new AuthorizationCode(o.getString("codeHash"), grant(o), o.getString("redirectUri"),
                o.getString("codeChallenge"), instant(o, "issuedAt"), instant(o, "expiresAt"));
    }

    static String write(AccessTokenRecord t) {
        return object(g -> token(g, t.tokenHash(), t.grant(), t.issuedAt(), t.expiresAt()),
                "resources", t.grant().resources(), t.grant().attributes());
    }

    static AccessTokenRecord readAccessToken(String json) {
        JsonObject o = parse(json);
        return new AccessTokenRecord(o.getString("tokenHash"), grant(o), instant(o, "issuedAt"),
                instant(o, "expiresAt"));
    }

    static String write(RefreshTokenRecord t) {
        return object(g -> token(g, t.tokenHash(), t.grant(), t.issuedAt(), t.expiresAt())
                .write("grantStartedAt", t.grantStartedAt().toEpochMilli()),
                "resources", t.grant().resources(), t.grant().attributes());
    }

    /** A value written before grants had a start reads with the grant begun at its own issue. */
    static RefreshTokenRecord readRefreshToken(String json, boolean rotated) {
        JsonObject o = parse(json);
        return new RefreshTokenRecord(o.getString("tokenHash"), grant(o), instant(o, "issuedAt"),
                instant(o, "expiresAt"), rotated,
                o.containsKey("grantStartedAt") ? instant(o, "grantStartedAt") : null);
    }

    static String write(PendingAuthorization p) {
        return object(g -> g.write("idHash", p.idHash()).write("clientId", p.clientId())
                .write("redirectUri", p.redirectUri()).write("scope", p.scope().toString()).write("state", p.state())
                .write("codeChallenge", p.codeChallenge()).write("expiresAt", p.expiresAt().toEpochMilli())
                .write("subject", p.subject()).write("csrfHash", p.csrfHash()),
                "resources", p.resources(), p.attributes());
    }

    static PendingAuthorization readPending(String json) {
        JsonObject o = parse(json);
        return new PendingAuthorization(o.getString("idHash"), o.getString("clientId"), o.getString("redirectUri"),
                scope(o), list(o, "resources"), o.getString("state"), o.getString("codeChallenge"),
                instant(o, "expiresAt"), o.getString("subject", ""), o.getString("csrfHash", ""), attributes(o));
    }

    static String write(ClientRecord c) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("clientId", c.clientId()).write("name", c.name())
                    .write("secretHash", c.secretHash()).write("authMethod", c.authMethod().value())
                    .write("createdAt", c.createdAt().toEpochMilli());
            if (c.expiresAt() != null) {
                g.write("expiresAt", c.expiresAt().toEpochMilli());
            }
            array(g, "redirectUris", c.redirectUris());
            array(g, "scopes", c.scopes());
            array(g, "grantTypes", GrantType.sortedValues(c.grantTypes()));
            // Only a private_key_jwt client has keys; a client written without them reads as having none.
            if (c.keys().present()) {
                g.write("jwks", c.keys().jwks()).write("jwksUri", c.keys().jwksUri());
                array(g, "assertionAlgorithms", new TreeSet<>(c.keys().algorithms()));
            }
            g.writeEnd();
        }
        return out.toString();
    }

    static ClientRecord readClient(String json) {
        JsonObject o = parse(json);
        return new ClientRecord(o.getString("clientId"), o.getString("name"), o.getString("secretHash"),
                ClientAuthMethod.of(o.getString("authMethod")), list(o, "redirectUris"),
                new LinkedHashSet<>(list(o, "scopes")), GrantType.allOf(list(o, "grantTypes")), instant(o, "createdAt"),
                o.containsKey("expiresAt") ? instant(o, "expiresAt") : null,
                o.containsKey("jwks") ? new ClientKeys(o.getString("jwks"), o.getString("jwksUri"),
                        new LinkedHashSet<>(list(o, "assertionAlgorithms"))) : ClientKeys.NONE);
    }

    static String write(ConsentRecord c) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("subject", c.subject()).write("clientId", c.clientId())
                    .write("grantedAt", c.grantedAt().toEpochMilli()).write("expiresAt", c.expiresAt().toEpochMilli());
            array(g, "scopes", c.scopes());
            array(g, "resources", c.resources());
            array(g, "redirectUris", c.redirectUris());
            g.writeEnd();
        }
        return out.toString();
    }

    static ConsentRecord readConsent(String json) {
        JsonObject o = parse(json);
        Set<String> scopes = new LinkedHashSet<>(list(o, "scopes"));
        // A consent written before redirect URIs were kept has none: a public client is then asked again.
        List<String> redirectUris = o.containsKey("redirectUris") ? list(o, "redirectUris") : List.of();
        return new ConsentRecord(o.getString("subject"), o.getString("clientId"), scopes, list(o, "resources"),
                redirectUris, instant(o, "grantedAt"), instant(o, "expiresAt"));
    }

    static String write(StoredSigningKey k) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject().write("signsFrom", k.signsFrom().toEpochMilli()).write("kid", k.kid())
                    .write("algorithm", k.algorithm()).write("signsUntil", k.signsUntil().toEpochMilli())
                    .write("expiresAt", k.expiresAt().toEpochMilli()).write("sealedKey", k.sealedKey()).writeEnd();
        }
        return out.toString();
    }

    static StoredSigningKey readSigningKey(String json) {
        JsonObject o = parse(json);
        return new StoredSigningKey(instant(o, "signsFrom"), o.getString("kid"), o.getString("algorithm"),
                instant(o, "signsUntil"), instant(o, "expiresAt"), o.getString("sealedKey"));
    }

    private static JsonGenerator token(JsonGenerator g, String hash, Grant grant, Instant issuedAt,
            Instant expiresAt) {
        return g.write("tokenHash", hash).write("grantId", grant.grantId()).write("clientId", grant.clientId())
                .write("subject", grant.subject()).write("scope", grant.scope().toString())
                .write("issuedAt", issuedAt.toEpochMilli()).write("expiresAt", expiresAt.toEpochMilli());
    }

    /**
     * The grant of a code or token: fields {@code grantId}, {@code clientId}, {@code subject}, {@code scope},
     * {@code resources} and the subject's attributes.
     */
    private static Grant grant(JsonObject o) {
        return new Grant(o.getString("grantId"), o.getString("clientId"), o.getString("subject"), scope(o),
                list(o, "resources"), attributes(o));
    }

    /**
     * One object: the fields the writer adds, one string array, and the subject's attributes ({@code email},
     * {@code groups}, {@code idp}), each present only when not empty (records written before an attribute existed
     * read it as empty).
     */
    private static String object(java.util.function.UnaryOperator<JsonGenerator> fields, String arrayName,
            Collection<String> arrayValues, SubjectAttributes attributes) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            fields.apply(g.writeStartObject());
            array(g, arrayName, arrayValues);
            if (!attributes.email().isEmpty()) {
                g.write("email", attributes.email());
            }
            if (!attributes.groups().isEmpty()) {
                array(g, "groups", attributes.groups());
            }
            if (!attributes.idp().isEmpty()) {
                g.write("idp", attributes.idp());
            }
            g.writeEnd();
        }
        return out.toString();
    }

    private static SubjectAttributes attributes(JsonObject o) {
        return SubjectAttributes.of(o.getString("email", ""), o.containsKey("groups") ? list(o, "groups") : List.of(),
                o.getString("idp", ""));
    }

    private static void array(JsonGenerator g, String name, Collection<String> values) {
        g.writeStartArray(name);
        values.forEach(g::write);
        g.writeEnd();
    }

    private static Scope scope(JsonObject o) {
        return Scope.parse(o.getString("scope"));
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static Instant instant(JsonObject o, String name) {
        return Instant.ofEpochMilli(o.getJsonNumber(name).longValue());
    }

    private static List<String> list(JsonObject o, String name) {
        JsonArray array = o.getJsonArray(name);
        List<String> out = new ArrayList<>(array.size());
        for (JsonValue v : array) {
            out.add(((JsonString) v).getString());
        }
        return out;
    }
}

package io.mcpoauth.migrate;

import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Scope;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any store record to and from a JSON object, by its {@link Layout}: the kinds an export carries by the members
 * written out for them ({@link Layouts}), a record nested in a member by its components, whose names are the
 * member names (a field added to such a record travels without a change here). Instants are ISO-8601 strings;
 * lists and sets are arrays (a set's elements sorted, so equal records give equal lines); protocol values are
 * their wire form (a scope its space-delimited text; grant types and authentication methods their names, one this
 * server does not know refused); maps and nested records are objects; a null or an empty {@link Optional} is
 * left out. A member that is absent reads as an empty collection, map or optional, {@code false}, zero, or null
 * (the record's constructor then says whether it may be), so an export from before a field was added still
 * imports. A member the record does not have is refused: importing it would silently drop data. Other member
 * types (none of the store records has one) need a branch in each direction.
 */
final class RecordJson {

    static final JsonProvider JSON = JsonProvider.provider();

    private RecordJson() {
    }

    /** Adds the record's components to the builder. */
    static JsonObjectBuilder write(Record record, JsonObjectBuilder into) {
        return write(layout(record), record, into);
    }

    /** Adds the record's members, as the layout lists them, to the builder. */
    static <T> JsonObjectBuilder write(Layout<T> layout, T record, JsonObjectBuilder into) {
        for (Layout.Member<T> m : layout.members()) {
            Object value = m.value().apply(record);
            if (value instanceof Optional<?> optional) {
                value = optional.orElse(null);
            }
            if (value != null) {
                into.add(m.name(), toJson(value));
            }
        }
        return into;
    }

    /**
     * The record of this type that the object holds, ignoring the members named in {@code ignored}.
     *
     * @throws IllegalArgumentException naming the member when the object does not fit the record
     */
    static <T extends Record> T read(Class<T> type, JsonObject object, Set<String> ignored) {
        return read(Layout.of(type), object, ignored);
    }

    /**
     * The record that the object holds, laid out as {@code layout} says, ignoring the members named in
     * {@code ignored}.
     *
     * @throws IllegalArgumentException naming the member when the object does not fit the record
     */
    static <T> T read(Layout<T> layout, JsonObject object, Set<String> ignored) {
        Set<String> known = new LinkedHashSet<>(ignored);
        Map<String, Object> values = new HashMap<>();
        for (Layout.Member<T> m : layout.members()) {
            known.add(m.name());
            try {
                values.put(m.name(), fromJson(m.type(), object.get(m.name())));
            } catch (ClassCastException | ArithmeticException | DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("member \"" + m.name() + "\" is not " + describe(raw(m.type())));
            }
        }
        for (String name : object.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown member \"" + name + "\"");
            }
        }
        try {
            return layout.create().apply(new Layout.Values(values));
        } catch (NullPointerException e) {
            // The records check with Objects.requireNonNull(value, "name"): the message is the member.
            throw new IllegalArgumentException(e.getMessage() == null ? "a required member is missing"
                    : "member \"" + e.getMessage() + "\" is missing");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record> Layout<T> layout(T record) {
        return Layout.of((Class<T>) record.getClass());
    }

    private static JsonValue toJson(Object value) {
        if (value instanceof String s) {
            return JSON.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Instant t) {
            return JSON.createValue(t.toString());
        }
        String wire = wireName(value);
        if (wire != null) {
            return JSON.createValue(wire);
        }
        if (value instanceof Enum<?> e) {
            return JSON.createValue(e.name());
        }
        if (value instanceof Collection<?> values) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            ordered(values).forEach(v -> array.add(toJson(v)));
            return array.build();
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object.build();
        }
        if (value instanceof Record r) {
            return write(r, JSON.createObjectBuilder()).build();
        }
        throw new IllegalStateException("no JSON form for " + value.getClass());
    }

    /** The wire name of a protocol value, or null for any other value. */
    private static String wireName(Object value) {
        if (value instanceof Scope s) {
            return s.toString();
        }
        if (value instanceof GrantType g) {
            return g.value();
        }
        if (value instanceof ClientAuthMethod m) {
            return m.value();
        }
        return null;
    }

    /**
     * A set's elements sorted (protocol values by wire name), so that the same set is always written the same way;
     * a list as it is.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Collection<?> ordered(Collection<?> values) {
        if (values instanceof Set<?> && !values.isEmpty() && values.stream().allMatch(v -> wireName(v) != null)) {
            return values.stream().sorted(Comparator.comparing(RecordJson::wireName)).toList();
        }
        if (values instanceof Set<?> && values.stream().allMatch(v -> v instanceof Comparable)) {
            List sorted = new ArrayList<>(values);
            java.util.Collections.sort(sorted);
            return sorted;
        }
        return values;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object fromJson(Type type, JsonValue json) {
        Class<?> raw = raw(type);
        boolean absent = json == null || json.getValueType() == JsonValue.ValueType.NULL;
        if (raw == List.class || raw == Set.class || raw == Collection.class) {
            Collection<Object> out = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
            if (!absent) {
                for (JsonValue v : (JsonArray) json) {
                    out.add(fromJson(argument(type, 0), v));
                }
            }
            return out;
        }
        if (raw == Optional.class) {
            return Optional.ofNullable(absent ? null : fromJson(argument(type, 0), json));
        }
        if (raw == Map.class) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (!absent) {
                ((JsonObject) json).forEach((k, v) -> out.put(k, fromJson(argument(type, 1), v)));
            }
            return out;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return absent ? (raw == boolean.class ? false : null) : booleanOf(json);
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            if (absent) {
                return raw.isPrimitive() ? (raw == long.class ? (Object) 0L : (Object) 0) : null;
            }
            JsonNumber n = (JsonNumber) json;
            return raw == long.class || raw == Long.class ? (Object) n.longValueExact() : (Object) n.intValueExact();
        }
        if (absent) {
            return null;
        }
        if (raw == String.class) {
            return ((JsonString) json).getString();
        }
        if (raw == Instant.class) {
            return Instant.parse(((JsonString) json).getString());
        }
        if (raw == Scope.class) {
            try {
                return Scope.parse(((JsonString) json).getString());
            } catch (OAuthException e) {
                throw new IllegalArgumentException(e.description());
            }
        }
        if (raw == GrantType.class) {
            return GrantType.of(((JsonString) json).getString());
        }
        if (raw == ClientAuthMethod.class) {
            return ClientAuthMethod.of(((JsonString) json).getString());
        }
        if (raw.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) raw, ((JsonString) json).getString());
        }
        if (raw.isRecord()) {
            return read((Class<? extends Record>) raw, (JsonObject) json, Set.of());
        }
        throw new IllegalStateException("no JSON form for " + type);
    }

    private static boolean booleanOf(JsonValue json) {
        if (json == JsonValue.TRUE || json.getValueType() == JsonValue.ValueType.TRUE) {
            return true;
        }
        if (json.getValueType() == JsonValue.ValueType.FALSE) {
            return false;
        }
        throw new ClassCastException("not a boolean");
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        return String.class;
    }

    private static String describe(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "an array of the expected values";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object of the expected members";
        }
        if (type == Scope.class) {
            return "a space-delimited scope";
        }
        if (type == ClientAuthMethod.class) {
            return "a supported client authentication method";
        }
        return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}

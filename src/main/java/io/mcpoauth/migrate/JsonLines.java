package io.mcpoauth.migrate;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Set;

/**
 * The lines of an export: each one JSON object with a {@code type} member. The first line is the header, {@code
 * {"type":"mcp-oauth-export","version":1,...}}; then one line per record, {@code {"type":"access_token",...}}
 * with the record's members (see {@link RecordJson}); the last line is {@code {"type":"end","records":n}}, so a
 * stream cut short is recognised.
 */
final class JsonLines {

    static final String TYPE = "type";
    static final String FORMAT = "mcp-oauth-export";
    static final String END = "end";
    /** The format version this release writes and the newest it reads. */
    static final int VERSION = 1;

    /** What one line holds. */
    sealed interface Line {
    }

    record Header(int version) implements Line {
    }

    record Item(RecordKind<?> kind, Record record) implements Line {
    }

    record End(long records) implements Line {
    }

    private JsonLines() {
    }

    static String header(Instant exportedAt, String storage) {
        return text(RecordJson.JSON.createObjectBuilder().add(TYPE, FORMAT).add("version", VERSION)
                .add("exportedAt", exportedAt.toString()).add("storage", storage));
    }

    static String record(RecordKind<?> kind, Record record) {
        if (!kind.type().isInstance(record)) {
            throw new IllegalArgumentException(record.getClass() + " is not a " + kind.name());
        }
        return text(kind.write(record, RecordJson.JSON.createObjectBuilder().add(TYPE, kind.name())));
    }

    static String end(long records) {
        return text(RecordJson.JSON.createObjectBuilder().add(TYPE, END).add("records", records));
    }

    private static String text(JsonObjectBuilder object) {
        StringWriter out = new StringWriter(256);
        try (JsonWriter writer = RecordJson.JSON.createWriter(out)) {
            writer.writeObject(object.build());
        }
        return out.toString();
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never repeating its content)
     */
    static Line parse(String line) {
        JsonObject object;
        try (JsonReader reader = RecordJson.JSON.createReader(new StringReader(line))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonValue type = object.get(TYPE);
        if (!(type instanceof JsonString name)) {
            throw new IllegalArgumentException("no \"type\" string");
        }
        return switch (name.getString()) {
            case FORMAT -> new Header(version(object));
            case END -> new End(object.get("records") instanceof JsonNumber n ? n.longValue() : -1);
            default -> {
                RecordKind<?> kind = RecordKind.named(name.getString()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown type \"" + name.getString() + "\" (known: " + known() + ")"));
                yield new Item(kind, kind.read(object, Set.of(TYPE)));
            }
        };
    }

    private static int version(JsonObject header) {
        if (!(header.get("version") instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
            throw new IllegalArgumentException("the header has no valid \"version\"");
        }
        if (n.longValue() > VERSION) {
            throw new IllegalArgumentException("export format version " + n + " is newer than this server's ("
                    + VERSION + "); import it with the mcp-oauth release that exported it, or a newer one");
        }
        return n.intValue();
    }

    private static String known() {
        return String.join(", ", RecordKind.ALL.stream().map(RecordKind::name).toList());
    }
}

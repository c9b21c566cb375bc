package io.mcpoauth.migrate;

import io.mcpoauth.store.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the live records of a storage as JSON lines (see {@link JsonLines}): the header, every client, consent,
 * revoked grant, refresh token and access token alive at {@code now}, then the end line. Records are written
 * as the stores enumerate them, so the export never holds more than a page of records in memory.
 */
public final class StorageExport {

    /** The media type of an export. */
    public static final String MEDIA_TYPE = "application/x-ndjson";

    private StorageExport() {
    }

    /** @return the number of records written, per type, in export order */
    public static Map<String, Long> write(Storage storage, Instant now, Writer out) throws IOException {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(now, "now");
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        line(out, JsonLines.header(now, storage.name()));
        try {
            for (RecordKind<?> kind : RecordKind.ALL) {
                long[] n = {0};
                writeKind(storage, now, kind, out, n);
                counts.put(kind.name(), n[0]);
                total += n[0];
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        line(out, JsonLines.end(total));
        out.flush();
        return counts;
    }

    private static <T extends Record> void writeKind(Storage storage, Instant now, RecordKind<T> kind, Writer out,
            long[] n) {
        kind.enumeration().forEach(storage, now, record -> {
            try {
                line(out, JsonLines.record(kind, record));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            n[0]++;
        });
    }

    private static void line(Writer out, String json) throws IOException {
        out.write(json);
        out.write('\n');
    }
}

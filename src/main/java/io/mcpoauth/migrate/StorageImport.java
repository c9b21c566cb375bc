package io.mcpoauth.migrate;

import io.mcpoauth.store.Storage;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports an export (see {@link JsonLines}) into a storage, one line at a time as it is read. Records dead at
 * {@code now} are counted and skipped. Importing is idempotent: clients and consents are saved over what is
 * there, tokens already present are kept (a refresh token only takes on a rotation, never loses one), and grant
 * revocations keep the later time. So an import stopped by a bad line or a lost connection is simply run again.
 */
public final class StorageImport {

    /** What an import did, per record type in format order. */
    public record Result(Map<String, Long> imported, Map<String, Long> expired) {

        /** Keeps the types that have a count, in format order. */
        public Result {
            imported = ordered(imported, false);
            expired = ordered(expired, false);
        }

        /** Imported and expired counts of every type (zero included), in format order, for a JSON answer. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("imported", ordered(imported, true));
            m.put("expired", ordered(expired, true));
            return m;
        }

        private static Map<String, Long> ordered(Map<String, Long> counts, boolean zeros) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (RecordKind<?> k : RecordKind.ALL) {
                Long n = counts.get(k.name());
                if (n != null || zeros) {
                    m.put(k.name(), n == null ? 0L : n);
                }
            }
            return Collections.unmodifiableMap(m);
        }
    }

    private StorageImport() {
    }

    /**
     * @param in    buffered by the caller
     * @param rules what this server accepts of a record
     * @throws ExportFormatException at the first line that breaks the format or the rules; the lines before it
     *                               are imported
     */
    public static Result read(Storage storage, Reader in, Instant now, ImportRules rules) throws IOException {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(rules, "rules");
        Map<String, Long> imported = new LinkedHashMap<>();
        Map<String, Long> expired = new LinkedHashMap<>();
        ExportReader lines = new ExportReader(in);
        for (Optional<JsonLines.Item> item = lines.next(); item.isPresent(); item = lines.next()) {
            RecordKind<?> kind = item.get().kind();
            try {
                rules.check(item.get().record(), now);
            } catch (IllegalArgumentException e) {
                throw new ExportFormatException(lines.lineNumber(), "refused: " + e.getMessage());
            }
            boolean stored;
            try {
                stored = store(storage, now, kind, item.get().record());
            } catch (IllegalArgumentException e) {
                // A value this backend cannot hold (the JDBC columns refuse a list value with a line break).
                throw new ExportFormatException(lines.lineNumber(), "cannot be stored: " + e.getMessage());
            }
            (stored ? imported : expired).merge(kind.name(), 1L, Long::sum);
        }
        return new Result(imported, expired);
    }

    /** @return false when the record is dead at {@code now} and was skipped */
    private static <T extends Record> boolean store(Storage storage, Instant now, RecordKind<T> kind, Record record) {
        T typed = kind.cast(record);
        if (kind.expired().test(typed, now)) {
            return false;
        }
        kind.importer().store(storage, typed, now);
        return true;
    }
}

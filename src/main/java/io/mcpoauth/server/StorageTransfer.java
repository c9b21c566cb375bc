package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.migrate.ExportFormatException;
import io.mcpoauth.migrate.ImportRules;
import io.mcpoauth.migrate.StorageExport;
import io.mcpoauth.migrate.StorageImport;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.Storage;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Export and import of this server's storage (see {@code docs/migrate.md}), each an audit event with the counts
 * per record type, or why it failed. The caller has checked the admin token. An import holds its records to
 * {@link ImportRules}: what the endpoints would refuse, the import refuses too.
 */
public final class StorageTransfer {

    static final String EXPORTED = "storage.exported";
    static final String IMPORTED = "storage.imported";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Storage storage;
    private final AuditLog audit;
    private final Clock clock;
    private final ImportRules rules;

    public StorageTransfer(Storage storage, ImportRules rules, AuditLog audit, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The export, read from the storage as the stream is written. */
    ExportStream export(RequestContext context) {
        return out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try {
                Map<String, Long> counts = StorageExport.write(storage, clock.instant(), writer);
                audit.record(event(AuditEvent.success(EXPORTED), context).with("records", summary(counts)));
            } catch (IOException | RuntimeException e) {
                // The status line is sent already: the client sees a stream without its end line.
                audit.record(event(AuditEvent.failure(EXPORTED), context)
                        .reason(e instanceof IOException ? "connection lost" : "storage failed"));
                throw e;
            }
        };
    }

    /**
     * Imports the body; idempotent, so an import stopped half-way is run again.
     *
     * @param contentType the body's media type, or null when the request gave none
     * @throws OAuthException {@code invalid_request} naming the first line that breaks the format
     */
    Map<String, Object> importFrom(InputStream body, String contentType, RequestContext context) {
        if (contentType != null && contentType.regionMatches(true, 0, FORM, 0, FORM.length())) {
            // curl -d sends a file as a form and strips its line breaks: every record would run into one line.
            audit.record(event(AuditEvent.failure(IMPORTED), context).reason("form body"));
            throw OAuthException.invalidRequest("send the export as it is, with Content-Type: "
                    + StorageExport.MEDIA_TYPE + " (curl --data-binary, not -d)");
        }
        try {
            StorageImport.Result result = StorageImport.read(storage,
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)), clock.instant(), rules);
            audit.record(event(AuditEvent.success(IMPORTED), context).with("records", summary(result.imported()))
                    .with("expired", summary(result.expired())));
            return result.toMap();
        } catch (ExportFormatException e) {
            audit.record(event(AuditEvent.failure(IMPORTED), context).reason("line " + e.line()));
            throw OAuthException.invalidRequest(e.getMessage());
        } catch (IOException e) {
            audit.record(event(AuditEvent.failure(IMPORTED), context).reason("request body not read"));
            throw OAuthException.invalidRequest("the request body could not be read to its end");
        } catch (RuntimeException e) {
            audit.record(event(AuditEvent.failure(IMPORTED), context).reason("storage failed"));
            throw e;
        }
    }

    private AuditEvent event(AuditEvent event, RequestContext context) {
        return event.remote(context.remoteAddress()).with("storage", storage.name());
    }

    private static String summary(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}

package io.mcpoauth.migrate;

import java.io.IOException;
import java.io.Reader;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an export line by line, never more than one line in memory: the header must come first, the end line
 * last. Blank lines are skipped; a line longer than {@link #MAX_LINE} characters is refused.
 */
final class ExportReader {

    /** Far above any record (a client with many redirect URIs is a few kilobytes). */
    static final int MAX_LINE = 1 << 20;

    private final Reader in;
    private long number;
    private boolean started;
    private boolean ended;

    /** @param in buffered by the caller */
    ExportReader(Reader in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * The next record, or empty after the end line.
     *
     * @throws ExportFormatException for a line that breaks the format, or a stream that stops before its end line
     */
    Optional<JsonLines.Item> next() throws IOException {
        while (!ended) {
            String text = readLine();
            if (text == null) {
                throw new ExportFormatException(number + 1, started
                        ? "the stream ends without its end line: the export was cut short"
                        : "empty: no export header");
            }
            if (text.isBlank()) {
                continue;
            }
            JsonLines.Line line;
            try {
                line = JsonLines.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ExportFormatException(number, e.getMessage());
            }
            if (!started) {
                if (!(line instanceof JsonLines.Header)) {
                    throw new ExportFormatException(number, "the first line must be the export header {\"type\":\""
                            + JsonLines.FORMAT + "\",\"version\":" + JsonLines.VERSION + ",...}");
                }
                started = true;
            } else if (line instanceof JsonLines.Header) {
                throw new ExportFormatException(number, "a second export header");
            } else if (line instanceof JsonLines.End) {
                ended = true;
            } else {
                return Optional.of((JsonLines.Item) line);
            }
        }
        String after;
        while ((after = readLine()) != null) {
            if (!after.isBlank()) {
                throw new ExportFormatException(number, "a line after the end line");
            }
        }
        return Optional.empty();
    }

    /** The number of the line last read, from 1. */
    long lineNumber() {
        return number;
    }

    /** A line without its terminator ({@code \n} or {@code \r\n}), or null at the end of the stream. */
    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder(256);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.length() == MAX_LINE) {
                throw new ExportFormatException(number + 1, "longer than " + MAX_LINE + " characters");
            }
            b.append((char) c);
        }
        if (c < 0 && b.length() == 0) {
            return null;
        }
        number++;
        int end = b.length();
        return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
    }
}

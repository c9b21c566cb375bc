package io.mcpoauth.migrate;

/**
 * An import stream that does not follow the format: its message names the line and what is wrong with it,
 * never the line's content. The lines before it have been imported.
 */
public final class ExportFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long line;

    ExportFormatException(long line, String problem) {
        super("line " + line + ": " + problem, null, false, false);
        this.line = line;
    }

    /** The line number, from 1. */
    public long line() {
        return line;
    }
}

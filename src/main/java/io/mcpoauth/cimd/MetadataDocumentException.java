package io.mcpoauth.cimd;

import java.util.Objects;

/** A client ID metadata document could not be fetched or was not acceptable; the message says why. */
public class MetadataDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FetchListener.Outcome outcome;

    /** A failure to fetch ({@link FetchListener.Outcome#FAILED}). */
    public MetadataDocumentException(String message) {
        this(message, FetchListener.Outcome.FAILED);
    }

    /** @param outcome how the fetch counts in the operator metrics */
    public MetadataDocumentException(String message, FetchListener.Outcome outcome) {
        super(message, null, false, false);
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    public FetchListener.Outcome outcome() {
        return outcome;
    }
}

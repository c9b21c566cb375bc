package io.mcpoauth.cimd;

/** A client ID metadata document could not be fetched or was not acceptable; the message says why. */
public class MetadataDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetadataDocumentException(String message) {
        super(message, null, false, false);
    }
}

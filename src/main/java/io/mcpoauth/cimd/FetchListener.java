package io.mcpoauth.cimd;

/**
 * Told of each fetch this package makes (a cached answer is not a fetch), with its kind, its outcome and how long
 * it took; the operator metrics count them. Called on the fetch's own thread, once per fetch, or on the caller's
 * for a fetch refused as {@link Outcome#BUSY} (then with no time). Must be cheap and must not throw.
 */
@FunctionalInterface
public interface FetchListener {

    FetchListener NONE = (kind, outcome, nanos) -> { };

    /** @param nanos the fetch's duration; negative for a fetch never started ({@link Outcome#BUSY}) */
    void fetched(Kind kind, Outcome outcome, long nanos);

    /** What was fetched. */
    enum Kind {
        /** A Client ID Metadata Document. */
        DOCUMENT("document"),
        /** A registered client's JWK set at its {@code jwks_uri}. */
        JWKS("jwks");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How a fetch ended: a fixed few, so that they can serve as metric labels. */
    enum Outcome {
        /** Fetched (and, for a document, accepted). */
        OK("ok"),
        /** {@link AddressGuard} refused the host's address (not public). */
        REFUSED("refused"),
        /** The deadline ({@code mcp.oauth.cimd.timeout}) passed. */
        TIMEOUT("timeout"),
        /** The body exceeded its size cap. */
        TOO_LARGE("too_large"),
        /** Fetched, but not an acceptable document. */
        INVALID("invalid"),
        /** Not fetched: no name, no connection, an HTTP error, a malformed response. */
        FAILED("failed"),
        /** Not started: fetch slots overall or for the host were taken. */
        BUSY("busy");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}

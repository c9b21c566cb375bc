package io.mcpoauth.store;

import java.util.Objects;

/** The outcome of {@link AuthorizationCodeStore#consume}. */
public sealed interface CodeConsumption {

    /** This caller consumed the code: it is the one and only winner. */
    record Consumed(AuthorizationCode code) implements CodeConsumption {
        public Consumed {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * The code had already been consumed: a replay (RFC 6749 4.1.2, RFC 9700 4.2.4). The caller revokes
     * the grant the code produced.
     */
    record Replayed(AuthorizationCode code) implements CodeConsumption {
        public Replayed {
            Objects.requireNonNull(code, "code");
        }
    }

    /** Unknown or expired. */
    record NotFound() implements CodeConsumption {
    }

    CodeConsumption NOT_FOUND = new NotFound();
}

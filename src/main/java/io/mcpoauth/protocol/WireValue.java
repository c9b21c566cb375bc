package io.mcpoauth.protocol;

import java.util.Optional;

/** A protocol value with a fixed set of names on the wire, such as a grant type. */
interface WireValue {

    /** The name on the wire, in requests, metadata, storage and configuration. */
    String value();

    /** The constant of {@code type} with this wire name, or empty for a name this server does not know. */
    static <E extends Enum<E> & WireValue> Optional<E> parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.value().equals(value)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}

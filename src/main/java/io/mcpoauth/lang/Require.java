package io.mcpoauth.lang;

/**
 * Argument checks for constructors that take many values: one call instead of a line a value, failing as
 * {@link java.util.Objects#requireNonNull(Object, String)} would, with the value's name as the message.
 */
public final class Require {

    private Require() {
    }

    /**
     * Throws a {@link NullPointerException} whose message is the name of the first value that is null.
     *
     * @param names  the values' names, comma-separated, in the order of {@code values}
     * @param values the values
     * @throws IllegalArgumentException when there are not as many names as values
     */
    public static void nonNull(String names, Object... values) {
        int count = 1;
        for (int i = 0; i < names.length(); i++) {
            if (names.charAt(i) == ',') {
                count++;
            }
        }
        if (count != values.length) {
            throw new IllegalArgumentException(count + " names for " + values.length + " values: " + names);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(names.split(",")[i].strip());
            }
        }
    }
}

package io.mcpoauth.audit;

/**
 * Caller input cut to a length a log line can carry. A client id, user name or parameter can be megabytes
 * long; logged whole, twice per request, it once grew a server's log by 287 MB. What is kept is enough to
 * recognise the value; the marker says how much was left out.
 */
public final class LogText {

    /** Characters of one value kept in a log line or audit field. */
    public static final int MAX = 256;

    private LogText() {
    }

    /** The value, or its first {@value #MAX} characters and a marker; null stays null. */
    public static String cut(String value) {
        return cut(value, MAX);
    }

    /**
     * For a plain log line: cut as {@link #cut(String)}, with control characters replaced by {@code ?} so a
     * value cannot forge a line of its own; null reads {@code null}.
     */
    public static String line(String value) {
        if (value == null) {
            return "null";
        }
        String kept = cut(value);
        StringBuilder b = new StringBuilder(kept.length());
        for (int i = 0; i < kept.length(); i++) {
            char c = kept.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }

    public static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "...(" + (value.length() - end) + " more characters)";
    }
}

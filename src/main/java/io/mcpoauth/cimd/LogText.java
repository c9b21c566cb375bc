package io.mcpoauth.cimd;

/** Caller-supplied text made fit for a log line: short, and without control characters that forge lines. */
final class LogText {

    static final int MAX = 200;

    private LogText() {
    }

    static String clip(String s) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), MAX);
        StringBuilder b = new StringBuilder(n + 24);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        if (s.length() > MAX) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}

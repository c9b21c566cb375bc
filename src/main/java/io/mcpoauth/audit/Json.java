package io.mcpoauth.audit;

/** Minimal JSON string writing for audit lines (no JSON-B on the hot path). */
final class Json {

    private Json() {
    }

    static StringBuilder field(StringBuilder sb, String name, String value) {
        string(sb, name).append(':');
        return string(sb, value);
    }

    static StringBuilder string(StringBuilder sb, String value) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}

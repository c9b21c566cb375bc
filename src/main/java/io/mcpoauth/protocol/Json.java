package io.mcpoauth.protocol;

import java.util.Collection;
import java.util.Map;

/**
 * Minimal JSON writing for the hot paths: audit lines and the token, introspection and error answers. Written
 * by hand because serialising these small maps through JSON-B (type lookup, serializer chain, generator) took
 * more CPU than the rest of an introspection's own work. Values: strings, booleans, integers, collections and
 * maps of those; anything else is a programming error and refused.
 */
public final class Json {

    private Json() {
    }

    /** The object, members in the map's order. */
    public static String object(Map<String, ?> members) {
        StringBuilder sb = new StringBuilder(256);
        object(sb, members);
        return sb.toString();
    }

    public static StringBuilder field(StringBuilder sb, String name, String value) {
        string(sb, name).append(':');
        return string(sb, value);
    }

    public static StringBuilder string(StringBuilder sb, String value) {
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

    private static void object(StringBuilder sb, Map<?, ?> members) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : members.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new IllegalArgumentException("a JSON member name must be a string: " + e.getKey());
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, name).append(':');
            value(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Collection<?> items) {
            sb.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                value(sb, item);
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> m) {
            object(sb, m);
        } else {
            throw new IllegalArgumentException("not written as JSON: " + v.getClass().getName());
        }
    }
}

package io.mcpoauth.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw query string decodes: every {@code %} starts two hex digits, and the bytes they give, with the
 * characters around them, are UTF-8 (RFC 3986 2.1, the URL Standard's form decoding). Checked once at the edge,
 * so no servlet meets a query it cannot decode. A character the container already read as ISO-8859-1 stands
 * for its byte; a wider one, already decoded, for its UTF-8 bytes.
 */
final class QueryText {

    private QueryText() {
    }

    static boolean wellFormed(String query) {
        if (query == null || query.isEmpty()) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || !hex(query.charAt(i + 1)) || !hex(query.charAt(i + 2))) {
                    return false;
                }
                bytes.write(Integer.parseInt(query, i + 1, i + 3, 16));
                i += 2;
            } else if (c <= 0xFF) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}

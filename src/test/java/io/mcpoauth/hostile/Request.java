package io.mcpoauth.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One request as sent on the wire: the method and request target as raw bytes (so a target may carry bad
 * percent-encodings or bytes that are not UTF-8), headers, and a body that may be generated while it is sent.
 *
 * @param method  any token, including ones no server knows
 * @param target  the request target, exactly as written after the method
 * @param headers name and value pairs, in order (a name may repeat)
 * @param body    the body, or null for none
 * @param label   what this request is, for reports (never its multi-megabyte content)
 */
record Request(String method, byte[] target, List<String[]> headers, Payload body, String label) {

    Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
        Objects.requireNonNull(label, "label");
    }

    static Request get(String target, String... headers) {
        return new Request("GET", target.getBytes(StandardCharsets.UTF_8), pairs(headers), null, "GET " + path(target));
    }

    static Request form(String path, Map<String, String> form, String... headers) {
        return withBody("POST", path, "application/x-www-form-urlencoded", Payload.of(encode(form)), headers);
    }

    static Request withBody(String method, String path, String contentType, Payload body, String... headers) {
        List<String[]> h = pairs(headers);
        if (contentType != null) {
            h.add(new String[] {"Content-Type", contentType});
        }
        return new Request(method, path.getBytes(StandardCharsets.UTF_8), h, body, method + " " + path(path));
    }

    /** The same request described differently in reports. */
    Request labelled(String newLabel) {
        return new Request(method, target, headers, body, newLabel);
    }

    /** A line for reports: the label, and the size of what was sent when it is large. */
    String summary() {
        String size = body == null ? "" : " [body " + (body.length() < 0 ? "chunked" : body.length() + " B") + "]";
        return RawHttp.abbreviate(label, 300) + size;
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String[]> pairs(String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name, value pairs");
        }
        List<String[]> h = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(new String[] {headers[i], headers[i + 1]});
        }
        return h;
    }

    private static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q) + "?" + RawHttp.abbreviate(target.substring(q + 1), 120);
    }

    /** A request body: its length ({@code -1} to send it chunked) and how to write it. */
    interface Payload {

        long length();

        void writeTo(OutputStream out) throws IOException;

        static Payload of(String text) {
            return of(text.getBytes(StandardCharsets.UTF_8));
        }

        static Payload of(byte[] bytes) {
            byte[] copy = bytes.clone();
            return new Payload() {
                @Override
                public long length() {
                    return copy.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(copy);
                }
            };
        }

        /**
         * {@code prefix}, then {@code filler} repeated until the body is {@code total} bytes long, then
         * {@code suffix}: generated while it is written, so a body of hundreds of megabytes costs the test
         * nothing. Sent with a Content-Length, or chunked.
         */
        static Payload generated(String prefix, byte filler, String suffix, long total, boolean chunked) {
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            long middle = total - head.length - tail.length;
            if (middle < 0) {
                throw new IllegalArgumentException("total is shorter than prefix and suffix");
            }
            return new Payload() {
                @Override
                public long length() {
                    return chunked ? -1 : total;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    byte[] block = new byte[64 * 1024];
                    java.util.Arrays.fill(block, filler);
                    part(out, head, head.length);
                    for (long left = middle; left > 0; left -= block.length) {
                        part(out, block, (int) Math.min(block.length, left));
                    }
                    part(out, tail, tail.length);
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                }

                private void part(OutputStream out, byte[] bytes, int n) throws IOException {
                    if (n == 0) {
                        return;
                    }
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.write(bytes, 0, n);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            };
        }
    }
}

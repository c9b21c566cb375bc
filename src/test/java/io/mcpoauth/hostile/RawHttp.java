package io.mcpoauth.hostile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so that a test can send
 * what no well-behaved client library would (raw bytes in the request line, any method, any header, a body
 * streamed without end) and can choose the loopback address it calls from. Sending never throws: a connection
 * failure is a {@link Reply} with status -1 and the reason.
 */
final class RawHttp {

    /** The first bytes of a body kept for checks; the rest is counted and dropped. */
    static final int KEPT_BODY_BYTES = 128 * 1024;
    /** A response body longer than this is not read further (the test must not be the one that runs dry). */
    private static final long MAX_READ_BYTES = 64L * 1024 * 1024;
    private static final int MAX_LINE = 64 * 1024;

    private final InetSocketAddress server;
    private final InetAddress local;
    private final Duration timeout;

    /**
     * @param server  where to connect (a loopback address)
     * @param local   the loopback address to call from
     * @param timeout connect limit, and the longest wait for any single read
     */
    RawHttp(InetSocketAddress server, InetAddress local, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.local = Objects.requireNonNull(local, "local");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!server.getAddress().isLoopbackAddress() || !local.isLoopbackAddress()) {
            throw new IllegalArgumentException("the hostile suite stays on loopback: " + server + " from " + local);
        }
    }

    RawHttp from(InetAddress otherLocal) {
        return new RawHttp(server, otherLocal, timeout);
    }

    RawHttp withTimeout(Duration other) {
        return new RawHttp(server, local, other);
    }

    /** Sends the request and reads the whole answer (its first {@link #KEPT_BODY_BYTES} kept). */
    Reply send(Request request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            IOException sendFailure = null;
            try {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                writeHead(out, request);
                if (request.body() != null) {
                    request.body().writeTo(out);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before the body is sent (a size limit): read what it said.
                sendFailure = e;
            }
            try {
                return read(in, request, start);
            } catch (IOException e) {
                String why = sendFailure == null ? describe(e) : "closed while sending: " + describe(sendFailure);
                return Reply.failed(request, why, elapsed(start));
            }
        } catch (IOException e) {
            return Reply.failed(request, describe(e), elapsed(start));
        }
    }

    private void writeHead(OutputStream out, Request request) throws IOException {
        out.write(request.method().getBytes(StandardCharsets.ISO_8859_1));
        out.write(' ');
        out.write(request.target());
        out.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder head = new StringBuilder();
        head.append("Host: localhost:").append(server.getPort()).append("\r\n");
        head.append("Connection: close\r\n");
        for (String[] h : request.headers()) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (request.body() != null) {
            long length = request.body().length();
            head.append(length < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Reply read(InputStream in, Request request, long start) throws IOException {
        String statusLine;
        List<String[]> headers;
        int status;
        do {
            statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("no response");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + abbreviate(statusLine, 80));
            }
            status = Integer.parseInt(parts[1]);
            headers = new ArrayList<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
                }
            }
        } while (status >= 100 && status < 200);
        ResponseBody body = new ResponseBody();
        boolean none = "HEAD".equals(request.method()) || status == 204 || status == 304;
        if (!none) {
            String encoding = header(headers, "Transfer-Encoding");
            String length = header(headers, "Content-Length");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                readChunked(in, body);
            } else if (length != null) {
                body.copy(in, Long.parseLong(length.trim()));
            } else {
                body.copy(in, Long.MAX_VALUE);
            }
        }
        return new Reply(request, status, List.copyOf(headers), body.text(), body.total, elapsed(start), null);
    }

    private static void readChunked(InputStream in, ResponseBody body) throws IOException {
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                return;
            }
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not checked
                }
                return;
            }
            body.copy(in, size);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String header(List<String[]> headers, String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String describe(IOException e) {
        return e instanceof SocketTimeoutException ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    /** A response body being read: its first bytes kept, all counted. */
    private static final class ResponseBody {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        void copy(InputStream in, long length) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            long remaining = length;
            while (remaining > 0 && total < MAX_READ_BYTES) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    if (length != Long.MAX_VALUE) {
                        throw new IOException("the body ended after " + total + " bytes");
                    }
                    return;
                }
                int keep = (int) Math.min(n, Math.max(0, KEPT_BODY_BYTES - kept.size()));
                kept.write(buffer, 0, keep);
                total += n;
                remaining -= n;
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    /** What the server answered, or why it did not ({@code status == -1}). */
    record Reply(Request request, int status, List<String[]> headers, String body, long bodyBytes, Duration elapsed,
            String failure) {

        static Reply failed(Request request, String failure, Duration elapsed) {
            return new Reply(request, -1, List.of(), "", 0, elapsed, failure);
        }

        String header(String name) {
            return RawHttp.header(headers, name);
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
        }

        @Override
        public String toString() {
            return request.summary() + " -> " + (status < 0 ? failure : status + " " + abbreviate(body, 200))
                    + " (" + elapsed.toMillis() + " ms)";
        }
    }
}

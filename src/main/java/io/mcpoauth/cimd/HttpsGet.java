package io.mcpoauth.cimd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 {@code GET} over TLS to an address that was already checked: {@link java.net.http.HttpClient}
 * looks the host up again itself, which leaves a DNS-rebinding window, so this connects a plain socket to the
 * checked address and layers TLS over it, verifying the certificate for the URL's host name (RFC 9110 4.3.4).
 * Every cost is bounded: the connection is closed at the deadline whatever it is doing (handshake, headers,
 * body), each read waits at most until the deadline, headers are limited to {@value #MAX_HEADER_BYTES} bytes
 * and the body, by length or chunked, to the caller's limit. Redirects and other statuses are failures.
 */
final class HttpsGet {

    static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_CHUNK_LINE = 1024;
    private static final Logger LOG = Logger.getLogger(HttpsGet.class.getName());

    /** A 200 response: its body and its {@code Cache-Control} (empty when absent). */
    record Response(byte[] body, String cacheControl) {
    }

    private final SSLSocketFactory tls;
    private final ScheduledExecutorService watchdog;

    /**
     * A getter whose deadline watchdog is one thread of {@code threads}, started when a fetch needs it and ending
     * after 30 idle seconds.
     */
    static HttpsGet watched(SSLSocketFactory tls, ThreadFactory threads) {
        ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, threads);
        watchdog.setRemoveOnCancelPolicy(true);
        watchdog.setKeepAliveTime(30, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
        return new HttpsGet(tls, watchdog);
    }

    /**
     * Threads for fetches: as many as the fetch slots allow (plus those just finishing), each ending after 30 idle
     * seconds; no queue, so a fetch starts at once or not at all.
     */
    static ExecutorService fetchThreads(ThreadFactory threads) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
    }

    HttpsGet(SSLSocketFactory tls, ScheduledExecutorService watchdog) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    }

    Response get(URI uri, List<InetAddress> addresses, int maxBytes, Deadline deadline) {
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        Socket plain = connect(addresses, port, deadline);
        ScheduledFuture<?> cut = watchdog.schedule(() -> close(plain), deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        try (plain) {
            return exchange(plain, uri, port, maxBytes, deadline);
        } catch (IOException e) {
            // Every read waits at most until the deadline, so a read that timed out reached it.
            if (deadline.remainingNanos() <= 0 || e instanceof SocketTimeoutException) {
                throw deadline.expired();
            }
            throw new MetadataDocumentException("fetch failed: " + e);
        } finally {
            cut.cancel(false);
        }
    }

    /** A socket to the first of the checked addresses that accepts, within the deadline; no lookup here. */
    private static Socket connect(List<InetAddress> addresses, int port, Deadline deadline) {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(address, port), deadline.remainingMillis());
                return s;
            } catch (IOException e) {
                close(s);
                last = e;
            }
        }
        if (deadline.remainingNanos() <= 0) {
            throw deadline.expired();
        }
        throw new MetadataDocumentException("could not connect: " + last);
    }

    private Response exchange(Socket plain, URI uri, int port, int maxBytes, Deadline deadline) throws IOException {
        String host = hostName(uri);
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            try {
                params.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.FINE, "no SNI for a host name TLS does not accept", e);
            }
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout(deadline.remainingMillis());
        ssl.startHandshake();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + target + " HTTP/1.1\r\nHost: " + uri.getRawAuthority()
                + "\r\nAccept: application/json\r\nUser-Agent: mcp-oauth\r\nConnection: close\r\n\r\n";
        OutputStream out = ssl.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(new Input(ssl.getInputStream(), ssl, deadline), maxBytes);
    }

    private static Response read(Input in, int maxBytes) throws IOException {
        Headers headers;
        int status;
        do {
            status = status(in.headerLine());
            headers = Headers.read(in);
        } while (status >= 100 && status < 200); // RFC 9110 15.2: interim responses precede the final one
        if (status != 200) {
            throw new MetadataDocumentException("answered HTTP " + status);
        }
        byte[] body;
        if (headers.transferEncoding != null) {
            if (!"chunked".equals(headers.transferEncoding.trim().toLowerCase(Locale.ROOT))) {
                throw new MetadataDocumentException("unsupported transfer coding");
            }
            body = chunked(in, maxBytes);
        } else if (headers.contentLength >= 0) {
            if (headers.contentLength > maxBytes) {
                throw tooLarge(maxBytes);
            }
            body = in.exactly((int) headers.contentLength);
        } else {
            body = in.untilClose(maxBytes);
        }
        return new Response(body, headers.cacheControl == null ? "" : headers.cacheControl);
    }

    private static int status(String line) {
        // RFC 9112 4: HTTP-version SP 3DIGIT SP [reason]
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || !line.substring(9, 12).chars().allMatch(c -> c >= '0' && c <= '9')
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new MetadataDocumentException("not an HTTP/1.1 response");
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    /** RFC 9112 7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF trailers CRLF. */
    private static byte[] chunked(Input in, int maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = in.line(MAX_CHUNK_LINE);
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new MetadataDocumentException("malformed chunk");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                Headers.read(in); // trailers, ignored
                return body.toByteArray();
            }
            if (size > maxBytes - body.size()) {
                throw tooLarge(maxBytes);
            }
            body.write(in.exactly((int) size));
            if (!in.line(2).isEmpty()) {
                throw new MetadataDocumentException("malformed chunk");
            }
        }
    }

    static MetadataDocumentException tooLarge(int maxBytes) {
        return new MetadataDocumentException("document larger than " + maxBytes + " bytes",
                FetchListener.Outcome.TOO_LARGE);
    }

    private static String hostName(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a document fetch", e);
        }
    }

    /** The response headers this client uses; the rest are read, counted and dropped. */
    private static final class Headers {
        String transferEncoding;
        long contentLength = -1;
        String cacheControl;

        static Headers read(Input in) throws IOException {
            Headers h = new Headers();
            for (String line = in.headerLine(); !line.isEmpty(); line = in.headerLine()) {
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    throw new MetadataDocumentException("malformed header"); // RFC 9112 5.2: no line folding
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "transfer-encoding" -> h.transferEncoding = join(h.transferEncoding, value);
                    case "cache-control" -> h.cacheControl = join(h.cacheControl, value);
                    case "content-length" -> h.contentLength(value);
                    default -> {
                        // not used
                    }
                }
            }
            return h;
        }

        private void contentLength(String value) {
            // RFC 9112 6.3: an invalid or conflicting Content-Length is an unrecoverable error.
            if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MetadataDocumentException("malformed Content-Length");
            }
            long n = Long.parseLong(value);
            if (contentLength >= 0 && contentLength != n) {
                throw new MetadataDocumentException("conflicting Content-Length");
            }
            contentLength = n;
        }

        private static String join(String earlier, String value) {
            return earlier == null ? value : earlier + ", " + value;
        }
    }

    /** Buffered reads from the socket, each waiting no longer than what is left of the deadline. */
    private static final class Input {
        private final InputStream in;
        private final Socket socket;
        private final Deadline deadline;
        private final byte[] buffer = new byte[4096];
        private int pos;
        private int len;
        private int headerBytesLeft = MAX_HEADER_BYTES;

        Input(InputStream in, Socket socket, Deadline deadline) {
            this.in = in;
            this.socket = socket;
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(deadline.remainingMillis());
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            len = n;
            return true;
        }

        private int read() throws IOException {
            if (pos == len && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xFF;
        }

        /** A line of the head, counted against the limit for all of them together. */
        String headerLine() throws IOException {
            String line = line(headerBytesLeft);
            headerBytesLeft -= line.length() + 2;
            return line;
        }

        /** A line without its CRLF (or bare LF), of at most {@code max} bytes. */
        String line(int max) throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = read();
                if (c < 0) {
                    throw new MetadataDocumentException("response ended early");
                }
                if (c == '\n') {
                    int end = b.length();
                    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                }
                if (b.length() >= max) {
                    throw new MetadataDocumentException("response head too large");
                }
                b.append((char) c);
            }
        }

        byte[] exactly(int n) throws IOException {
            byte[] out = new byte[n];
            int done = 0;
            while (done < n) {
                if (pos == len && !fill()) {
                    throw new MetadataDocumentException("response ended early");
                }
                int k = Math.min(n - done, len - pos);
                System.arraycopy(buffer, pos, out, done, k);
                pos += k;
                done += k;
            }
            return out;
        }

        byte[] untilClose(int maxBytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (pos < len || fill()) {
                int k = len - pos;
                if (out.size() + k > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, pos, k);
                pos = len;
            }
            return out.toByteArray();
        }
    }
}

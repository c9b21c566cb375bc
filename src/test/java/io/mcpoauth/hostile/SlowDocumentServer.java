package io.mcpoauth.hostile;

import io.mcpoauth.cimd.TestHttpsServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A Client ID Metadata Document host that never finishes: on 127.0.0.1 over HTTPS (the certificate of a
 * {@link TestHttpsServer} keystore, which the server under test is told to trust), it reads a request, sends
 * the headers of a small JSON document at once, then one byte of its body every {@link #DRIP_SECONDS} seconds.
 * It counts the fetches it is asked for and how many it holds at once. Its own cost is bounded: a few threads,
 * and at most {@link #MAX_HELD} connections (more are closed at once).
 */
final class SlowDocumentServer implements AutoCloseable {

    static final int DRIP_SECONDS = 2;
    private static final int MAX_HELD = 512;
    /** Enough that TLS handshakes keep up with a flood of fetches on a busy machine. */
    private static final int HANDSHAKE_THREADS = 48;
    private static final Logger LOG = Logger.getLogger(SlowDocumentServer.class.getName());

    private final SSLServerSocket listener;
    private final ExecutorService handshakes = Executors.newFixedThreadPool(HANDSHAKE_THREADS,
            daemon("slow-document-handshake"));
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor(daemon("slow-document-drip"));
    private final Thread acceptor;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger fetches = new AtomicInteger();
    private final Map<String, AtomicInteger> fetchesByPath = new ConcurrentHashMap<>();
    private final AtomicInteger maxHeld = new AtomicInteger();

    SlowDocumentServer(File keystore) throws Exception {
        listener = (SSLServerSocket) TestHttpsServer.sslContext(keystore).getServerSocketFactory()
                .createServerSocket(0, MAX_HELD, InetAddress.getByName("127.0.0.1"));
        acceptor = daemon("slow-document-accept").newThread(this::acceptLoop);
        acceptor.start();
        drip.scheduleAtFixedRate(this::dripOneByte, DRIP_SECONDS, DRIP_SECONDS, TimeUnit.SECONDS);
    }

    /** A document URL on this host; {@code name} makes distinct URLs on the same host. */
    String url(String name) {
        return "https://localhost:" + listener.getLocalPort() + "/slow/" + name + ".json";
    }

    /** Requests received (each a fetch the server under test started). */
    int fetches() {
        return fetches.get();
    }

    /** Requests received for one document URL. */
    int fetches(String url) {
        AtomicInteger n = fetchesByPath.get(URI.create(url).getPath());
        return n == null ? 0 : n.get();
    }

    /** The most connections held open at the same time. */
    int maxHeld() {
        return maxHeld.get();
    }

    /** Connections held now. */
    int held() {
        return held.size();
    }

    /** Ends every held connection: the fetches still waiting see their connection closed. */
    void release() {
        for (Socket s : held) {
            closeQuietly(s);
        }
        held.clear();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        release();
        handshakes.shutdownNow();
        drip.shutdownNow();
        acceptor.interrupt();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                handshakes.execute(() -> startDocument((SSLSocket) s));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.log(Level.FINE, "accept failed", e);
                }
            }
        }
    }

    private void startDocument(SSLSocket s) {
        try {
            s.setSoTimeout(10_000);
            s.startHandshake();
            String requestLine = readHead(s.getInputStream());
            fetches.incrementAndGet();
            String[] parts = requestLine.split(" ");
            fetchesByPath.computeIfAbsent(parts.length > 1 ? parts[1] : "", p -> new AtomicInteger()).incrementAndGet();
            if (held.size() >= MAX_HELD) {
                closeQuietly(s);
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n"
                    + "Cache-Control: max-age=300\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            held.add(s);
            maxHeld.accumulateAndGet(held.size(), Math::max);
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private void dripOneByte() {
        for (Socket s : held) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(' ');
                out.flush();
            } catch (IOException gone) {
                held.remove(s);
                closeQuietly(s);
            }
        }
    }

    /** Reads a request's head; returns its first line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder first = new StringBuilder();
        boolean inFirst = true;
        int matched = 0;
        for (int read = 0; read < 64 * 1024; read++) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("request ended early");
            }
            if (c == '\r' || c == '\n') {
                inFirst = false;
            } else if (inFirst && first.length() < 2048) {
                first.append((char) c);
            }
            matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return first.toString();
            }
        }
        throw new IOException("request head too long");
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(null, r, name, 256 * 1024);
            t.setDaemon(true);
            return t;
        };
    }
}

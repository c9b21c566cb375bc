package io.mcpoauth.cimd;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS server on loopback with a self-signed certificate made by keytool, serving canned responses or
 * running a test's own handler, each request on a thread of its own.
 */
public final class TestHttpsServer implements AutoCloseable {

    record Canned(int status, String body, Map<String, String> headers) {
    }

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final HttpsServer server;
    private final SSLContext context;
    private final File keystore;
    private final Map<String, Canned> responses = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-https-server");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger requests = new AtomicInteger();
    /** The address each request arrived at, by path. */
    final Map<String, String> arrivedAt = new ConcurrentHashMap<>();

    public TestHttpsServer() throws Exception {
        this("127.0.0.1");
    }

    /**
     * A server on {@code address} for a test class to hold in a field marked {@code @AutoClose}, which JUnit closes
     * after the class's last test.
     */
    public static TestHttpsServer on(String address) {
        try {
            return new TestHttpsServer(address);
        } catch (Exception e) {
            throw new IllegalStateException("the test HTTPS server did not start on " + address, e);
        }
    }

    /** A server listening on {@code address}, which must be a loopback address. */
    public TestHttpsServer(String address) throws Exception {
        keystore = newKeystore();
        context = sslContext(keystore);
        server = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            arrivedAt.put(path, exchange.getLocalAddress().getAddress().getHostAddress());
            HttpHandler own = handlers.get(path);
            if (own != null) {
                own.handle(exchange);
                return;
            }
            Canned c = responses.getOrDefault(path, new Canned(404, "", Map.of()));
            byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
            c.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(c.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The PKCS12 file (password "changeit") holding the server's self-signed certificate, to trust it. */
    public File keystore() {
        return keystore;
    }

    public String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    public void serve(String path, int status, String body, Map<String, String> headers) {
        responses.put(path, new Canned(status, body, headers));
    }

    /** A handler of the test's own for {@code path}. */
    public void handle(String path, HttpHandler handler) {
        handlers.put(path, handler);
    }

    /** How fetches reach this server: trusting its certificate, with the system resolver. */
    public FetchTransport client() {
        return FetchTransport.trusting(context);
    }

    public SSLContext sslContext() {
        return context;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** A PKCS12 file (password "changeit") with a new self-signed certificate for localhost and 127.0.0.1. */
    public static File newKeystore() throws IOException, InterruptedException {
        File dir = new File(System.getProperty("java.io.tmpdir"));
        File ks = new File(dir, "cimd-test-" + System.nanoTime() + ".p12");
        String keytool = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.getPath(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed");
        }
        ks.deleteOnExit();
        return ks;
    }

    /** A TLS context that presents the keystore's certificate and trusts it. */
    public static SSLContext sslContext(File file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}

package io.mcpoauth.hostile;

import io.mcpoauth.it.PayaraProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The server under attack: the built WAR on Payara Micro ({@link PayaraProcess}) with a small heap, in the
 * demo configuration the README starts ({@code server-config/payara-micro/demo.properties}) plus what the
 * attacks need: a resource server that may introspect any token, an admin token (so {@code /admin} exists), and
 * Client ID Metadata Documents fetched from loopback, whose test certificate the server's JVM trusts.
 */
final class HostileServer implements AutoCloseable {

    /** The heap Payara Micro runs with: small, so that unbounded input shows as exhaustion quickly. */
    static final String HEAP = "-Xmx256m";
    /** The addresses the attacker's proxy calls from: trusted to forward the client's address. */
    static final String PROXY_RANGE = "127.0.0.1/32";
    // bcrypt (cost 10) of LegitimateClient.RESOURCE_SERVER_SECRET, as in it-server.properties.
    private static final String SECRET_HASH = "$2a$10$2y6gssrSojPxwgR48h9ITODfR13wpShlov0cDJ7sEQxda/0Sk7FPC";

    private final PayaraProcess process;
    private final File log;
    private final String adminToken;

    private HostileServer(PayaraProcess process, File log, String adminToken) {
        this.process = Objects.requireNonNull(process, "process");
        this.log = Objects.requireNonNull(log, "log");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    }

    /** Starts the server on the port, trusting the metadata-document hosts' keystore (PKCS12, "changeit"). */
    static HostileServer start(int port, File documentKeystore) throws IOException, InterruptedException {
        File target = new File(System.getProperty("mcp.oauth.war", "target/mcp-oauth.war")).getAbsoluteFile()
                .getParentFile();
        Properties demo = new Properties();
        try (InputStream in = Files.newInputStream(target.toPath().resolveSibling(
                "server-config/payara-micro/demo.properties"))) {
            demo.load(in);
        }
        Map<String, String> p = new LinkedHashMap<>();
        demo.stringPropertyNames().forEach(k -> p.put(k, demo.getProperty(k)));
        p.put("mcp.oauth.issuer", "http://localhost:" + port);
        p.put("mcp.oauth.clients", p.get("mcp.oauth.clients") + "," + LegitimateClient.RESOURCE_SERVER);
        String rs = "mcp.oauth.client." + LegitimateClient.RESOURCE_SERVER + ".";
        p.put(rs + "name", "Hostile-suite resource server");
        p.put(rs + "secret-hash", SECRET_HASH);
        p.put(rs + "grant-types", "client_credentials");
        p.put(rs + "introspect-any", "true");
        // Every document host in this suite is on 127.0.0.1; nothing is ever fetched from elsewhere.
        p.put("mcp.oauth.cimd.allow-private-addresses", "true");
        String adminToken = randomToken();
        p.put("mcp.oauth.admin.token", adminToken);
        // The requests "through a proxy" come from 127.0.0.1 with X-Forwarded-For; the legitimate client also
        // calls from 127.0.0.2 directly, an address no attack uses.
        p.put("mcp.oauth.http.trusted-proxies", PROXY_RANGE);
        File log = new File(target, "payara-" + port + ".log");
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", HEAP
                + " -Djavax.net.ssl.trustStore=" + documentKeystore.getAbsolutePath()
                + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
        Files.deleteIfExists(log.toPath());
        return new HostileServer(PayaraProcess.start(port, p, env), log, adminToken);
    }

    InetSocketAddress address() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), process.port());
    }

    String adminToken() {
        return adminToken;
    }

    /** The size of the server's log now, to look at what a scenario added to it. */
    long logSize() {
        return log.length();
    }

    /** Whether the log, from {@code offset} on, contains the text (searched without reading the log whole). */
    boolean logContains(String text, long offset) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[1 << 20];
        try (RandomAccessFile f = new RandomAccessFile(log, "r")) {
            long position = offset;
            while (position < f.length()) {
                f.seek(position);
                int n = f.read(buffer);
                if (n <= 0) {
                    return false;
                }
                if (indexOf(buffer, n, needle) >= 0) {
                    return true;
                }
                position += Math.max(1, n - needle.length + 1);
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.stop();
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

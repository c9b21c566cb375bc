package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oversized and malformed input against the WAR on Payara Micro, started the way the README starts it (the demo
 * settings, no call home, {@code server-config/payara-micro/hardening.asadmin}) with an initial access token for
 * registration: bodies refused at their cap without being read whole, parameters refused at theirs, every error
 * RFC-shaped JSON without Java class names, and none of Payara Micro's own /openapi and /metrics.
 */
class BoundedInputIT {

    private static final int PORT = 9377;
    private static PayaraProcess server;

    @BeforeAll
    static void start() throws Exception {
        Properties demo = new Properties();
        try (InputStream in = new FileInputStream("server-config/payara-micro/demo.properties")) {
            demo.load(in);
        }
        Map<String, String> p = new LinkedHashMap<>();
        demo.stringPropertyNames().forEach(k -> p.put(k, demo.getProperty(k)));
        p.put("mcp.oauth.issuer", "http://localhost:" + PORT);
        p.put("mcp.oauth.registration.initial-access-token", "bounded-it-initial-token");
        server = PayaraProcess.start(PORT, p, "--prebootcommandfile", "server-config/payara-micro/hardening.asadmin");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** An error as every endpoint gives it: JSON, not cached, naming no Java class. */
    private static void assertJsonError(RawResponse r, int status, String error) {
        assertEquals(status, r.status, r.text());
        assertTrue(r.header("content-type").startsWith("application/json"), r.text());
        assertEquals("no-store", r.header("cache-control"), r.text());
        assertTrue(r.text().contains("\"error\":\"" + error + "\""), r.text());
        assertNoInternals(r.text());
    }

    private static void assertNoInternals(String body) {
        for (String leak : new String[] {"Exception", "java.", "jakarta.", "org.glassfish", "Payara"}) {
            assertFalse(body.contains(leak), "names " + leak + ": " + body);
        }
    }

    /**
     * Regression: a 400 MB body at /register was read whole before the initial access token was checked. Here the
     * client sends 64 KB of a 5 MB chunked body and then waits for the answer before sending more: a server that
     * read the body first would never answer, and the read below would time out.
     */
    @Test
    void registerWhenNoInitialAccessTokenThen401BeforeTheBodyIsRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /register HTTP/1.1\r\nHost: localhost:" + PORT + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            CountDownLatch answered = new CountDownLatch(1);
            Thread sender = new Thread(() -> sendChunks(out, 5 * 1024 * 1024, 64 * 1024, answered));
            sender.start();
            RawResponse r = RawResponse.read(socket.getInputStream());
            answered.countDown();
            assertJsonError(r, 401, "invalid_token");
            assertTrue(r.header("www-authenticate").startsWith("Bearer"), r.toString());
            sender.join(30_000);
        }
        assertHealthy();
    }

    /** Sends {@code total} bytes of JSON-ish filler in chunks: the first {@code first} bytes, then the rest once answered. */
    private static void sendChunks(OutputStream out, int total, int first, CountDownLatch answered) {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) '[');
        try {
            for (int sent = 0; sent < total; sent += chunk.length) {
                if (sent == first) {
                    out.flush();
                    if (!answered.await(60, TimeUnit.SECONDS)) {
                        return;
                    }
                }
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException | InterruptedException closedByTheServer) {
            // expected once the server has answered and closed the connection
        }
    }

    @Test
    void registerWhenDeclaredBodyOverTheCapOrDeeplyNestedThenRefusedAsJson() throws Exception {
        // Only the headers are sent: the answer cannot depend on the 5 MB that never come.
        assertJsonError(RawResponse.exchange(PORT, "POST /register HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nAuthorization: Bearer bounded-it-initial-token\r\nContent-Length: 5242880\r\n\r\n"),
                413, "invalid_request");
        HttpResponse<String> nested = Http.post(server.base(), "register", "application/json", "[".repeat(5000),
                "Authorization", "Bearer bounded-it-initial-token");
        assertEquals(400, nested.statusCode(), nested.body());
        assertEquals("invalid_client_metadata", Http.json(nested).getString("error"));
        assertNoInternals(nested.body());
    }

    /** Regression: a 5 MB form at /token was read and parsed whole. */
    @Test
    void tokenWhenFormOverTheCapThen413Json() throws Exception {
        assertJsonError(RawResponse.exchange(PORT, "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/x-www-form-urlencoded\r\nContent-Length: 5242880\r\n\r\n"), 413, "invalid_request");
        // Without a declared length the cap applies while the body is read.
        String form = "grant_type=client_credentials&client_id=" + "a".repeat(100 * 1024);
        StringBuilder chunked = new StringBuilder("POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < form.length(); i += 8192) {
            String part = form.substring(i, Math.min(form.length(), i + 8192));
            chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        assertJsonError(RawResponse.exchange(PORT, chunked.append("0\r\n\r\n").toString()), 413, "invalid_request");
        // Under the body cap, over the parameter's: invalid_request.
        HttpResponse<String> longId = Http.postForm(server.base(), "token",
                Map.of("grant_type", "client_credentials", "client_id", "a".repeat(3000)));
        assertEquals(400, longId.statusCode(), longId.body());
        assertEquals("invalid_request", Http.json(longId).getString("error"));
        assertJsonError(RawResponse.exchange(PORT, "POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/x-www-form-urlencoded; charset=bogus\r\nContent-Length: 3\r\n\r\na=b"), 415,
                "invalid_request");
    }

    /** Regression: a 10 to 60 MB state was held in the pending request. */
    @Test
    void authorizeWhenStateOverItsCapThenInvalidRequestPageNeverRedirect() throws Exception {
        String query = "response_type=code&client_id=demo-app&redirect_uri=" + Http.enc("http://127.0.0.1/callback")
                + "&" + Pkce.PARAMETERS + "&state=";
        HttpResponse<String> get = Http.get(server.base(), "authorize?" + query + "s".repeat(2000));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("response_type", "code");
        form.put("client_id", "demo-app");
        form.put("redirect_uri", "http://127.0.0.1/callback");
        form.put("code_challenge", Pkce.CHALLENGE);
        form.put("code_challenge_method", "S256");
        form.put("state", "s".repeat(60_000));
        HttpResponse<String> post = Http.postForm(server.base(), "authorize", form);
        for (HttpResponse<String> r : java.util.List.of(get, post)) {
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Location").isEmpty(), "not redirected");
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(r.body().contains("invalid_request") && r.body().contains("state"), r.body());
            assertFalse(r.body().contains("ssssssssss"), "the state is not echoed");
        }
        HttpResponse<String> fine = Http.get(server.base(), "authorize?" + query + "s".repeat(1024));
        assertEquals(200, fine.statusCode(), "a state at the cap is accepted: " + fine.body());
    }

    @Test
    void errorsOutsideTheResourcesWhenUnknownPathWrongMethodOrContainerPathThenJsonWithoutClassNames()
            throws Exception {
        assertJsonError(RawResponse.exchange(PORT, "GET /no-such-endpoint HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404,
                "not_found");
        assertJsonError(RawResponse.exchange(PORT, "DELETE /token HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405,
                "invalid_request");
        // Paths the container answers itself, past JAX-RS.
        assertJsonError(RawResponse.exchange(PORT, "GET /WEB-INF/web.xml HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404,
                "not_found");
        assertJsonError(RawResponse.exchange(PORT, "GET /META-INF/MANIFEST.MF HTTP/1.1\r\nHost: localhost\r\n\r\n"),
                404, "not_found");
        assertJsonError(RawResponse.exchange(PORT, "GET /error HTTP/1.1\r\nHost: localhost\r\n\r\n"), 404,
                "not_found");
        // A form endpoint posted to without a Content-Type: JAX-RS failed on the form (500) before.
        assertJsonError(RawResponse.exchange(PORT, "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0"
                + "\r\n\r\n"), 415, "invalid_request");
    }

    /** Regression: the shipped configuration served /openapi (listing the admin endpoints) and /metrics. */
    @Test
    void runtimeEndpointsWhenHardenedThenOpenApiAndMetricsUnknownAndHealthServed() throws Exception {
        for (String path : new String[] {"openapi", "metrics", "metrics/base", "openapi/ui"}) {
            HttpResponse<String> r = Http.get(server.base(), path);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertFalse(r.body().contains("/admin") || r.body().contains("# TYPE"), path + ": " + r.body());
        }
        assertHealthy();
        HttpResponse<String> live = Http.get(server.base(), "health/live");
        assertTrue(live.body().contains("mcp-oauth-audit"), live.body());
    }

    private static void assertHealthy() throws Exception {
        HttpResponse<String> ready = Http.get(server.base(), "health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> live = Http.get(server.base(), "health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals(200, Http.get(server.base(), ".well-known/oauth-authorization-server").statusCode());
    }

    /** An HTTP/1.1 answer read off a socket: for requests java.net.http will not send (chunked, lying lengths). */
    private record RawResponse(int status, Map<String, String> headers, byte[] body) {

        /** Sends the request as written and reads the answer. */
        static RawResponse exchange(int port, String request) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return read(socket.getInputStream());
            }
        }

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body = new byte[0];
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                        size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    b.write(in.readNBytes(size));
                    line(in);
                }
                body = b.toByteArray();
            }
            return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-line: " + b);
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}

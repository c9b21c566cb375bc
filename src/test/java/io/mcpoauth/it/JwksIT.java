package io.mcpoauth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's signing keys on Payara Micro, provided by configuration (one PEM inline, one from a file): both
 * published at {@code /jwks} with their kids and no private part, briefly cacheable and open to browsers, and
 * named by the metadata's {@code jwks_uri}.
 */
class JwksIT {

    private static PayaraProcess server;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        Properties demo = new Properties();
        try (InputStream in = new FileInputStream("server-config/payara-micro/demo.properties")) {
            demo.load(in);
        }
        Map<String, String> p = new LinkedHashMap<>();
        demo.stringPropertyNames().forEach(k -> p.put(k, demo.getProperty(k)));
        int port = LoopbackPorts.free();
        issuer = "http://localhost:" + port;
        Path file = Files.createTempFile("jwks-it", ".pem");
        Files.writeString(file, pem());
        p.put("mcp.oauth.issuer", issuer);
        p.put("mcp.oauth.jwt.keys", "it-old, it-new");
        p.put("mcp.oauth.jwt.key.it-old.pem", pem());
        p.put("mcp.oauth.jwt.key.it-new.pem-file", file.toString());
        p.put("mcp.oauth.jwt.current-key", "it-new");
        server = PayaraProcess.start(port, p);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private static String pem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void jwksWhenKeysProvidedThenBothPublicWithKidsAndCacheable() throws Exception {
        HttpResponse<String> r = Http.get(server.base(), "jwks", "Origin", "https://inspector.example");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("public, max-age=300", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        List<JsonObject> keys = Http.json(r).getJsonArray("keys").getValuesAs(JsonValue::asJsonObject);
        assertEquals(List.of("it-old", "it-new"), keys.stream().map(k -> k.getString("kid")).toList());
        for (JsonObject k : keys) {
            assertEquals("EC", k.getString("kty"));
            assertEquals("ES256", k.getString("alg"));
            assertEquals("sig", k.getString("use"));
            for (String secret : List.of("d", "p", "q")) {
                assertFalse(k.containsKey(secret), secret + " in " + k);
            }
        }
    }

    @Test
    void metadataWhenKeysProvidedThenJwksUri() throws Exception {
        HttpResponse<String> r = Http.get(server.base(), ".well-known/oauth-authorization-server");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(issuer + "/jwks", Http.json(r).getString("jwks_uri"));
    }
}

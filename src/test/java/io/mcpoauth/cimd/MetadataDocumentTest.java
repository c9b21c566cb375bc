package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.JsonBounds;
import io.mcpoauth.store.ClientRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetadataDocumentTest {

    private static final String URL = "https://app.example/client.json";

    /** What {@code parse} throws on a thread with a small stack, as a busy server's worker may have. */
    private static Throwable parseOnSmallStack(String body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                MetadataDocument.parse(URL, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "small-stack", 128 * 1024);
        t.start();
        t.join();
        return thrown.get();
    }

    @Test
    void parseWhenNestedDeeplyThenRejectedWithoutStackOverflow() throws Exception {
        for (String body : new String[] {"[".repeat(999) + "]".repeat(999), "{\"a\":".repeat(999) + "1"
                + "}".repeat(999), "[".repeat(5000)}) {
            Throwable e = parseOnSmallStack(body);
            assertInstanceOf(MetadataDocumentException.class, e, String.valueOf(e));
            assertEquals("document refused: JSON nested deeper than " + JsonBounds.MAX_DEPTH + " levels",
                    e.getMessage());
        }
        assertNull(parseOnSmallStack(TestCimd.doc(URL, ",\"x\":[[[[{\"y\":[1]}]]]]")), "a shallow one parses there");
    }

    @Test
    void requireShallowWhenBracketsInsideStringsThenNotCounted() {
        String inStrings = "{\"client_name\":\"" + "[{".repeat(100) + "\\\"[[[\",\"x\":[[1]]}";
        MetadataDocument.requireShallow(inStrings.getBytes(StandardCharsets.UTF_8));
        String deep = "[".repeat(JsonBounds.MAX_DEPTH) + "]".repeat(JsonBounds.MAX_DEPTH);
        MetadataDocument.requireShallow(deep.getBytes(StandardCharsets.UTF_8));
    }

    private static final String JWKS = new JWKSet(TestKeys.ec("doc")
            .toPublicJWK()).toString();

    private static ClientRecord parse(String extra) {
        return MetadataDocument.parse(URL, ("{\"client_id\":\"" + URL + "\",\"client_name\":\"d\","
                + "\"redirect_uris\":[\"https://app.example/cb\"]" + extra + "}").getBytes(StandardCharsets.UTF_8),
                Instant.EPOCH);
    }

    @Test
    void parseWhenPrivateKeyJwtWithJwksOrJwksUriThenSigningClientWithKeys() {
        ClientRecord inline = parse(",\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks\":" + JWKS);
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, inline.authMethod());
        assertEquals(JWKS, inline.keys().jwks());
        ClientRecord fetched = parse(",\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"jwks_uri\":\"https://app.example/jwks.json\"");
        assertEquals("https://app.example/jwks.json", fetched.keys().jwksUri());
    }

    @Test
    void parseWhenKeysMissingDoubledUnsafeOrOnAPublicClientThenRefused() {
        String pk = ",\"token_endpoint_auth_method\":\"private_key_jwt\"";
        for (String extra : new String[] {pk, pk + ",\"jwks\":" + JWKS + ",\"jwks_uri\":\"https://app.example/k\"",
                pk + ",\"jwks_uri\":\"http://app.example/k\"", pk + ",\"jwks\":\"text\"",
                pk + ",\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}",
                ",\"jwks_uri\":\"https://app.example/k\""}) {
            assertThrows(MetadataDocumentException.class, () -> parse(extra), extra);
        }
    }
}

package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonBoundsTest {

    private static OAuthException refused(String json) {
        OAuthException e = assertThrows(OAuthException.class,
                () -> JsonBounds.check(json, OAuthError.INVALID_CLIENT_METADATA));
        assertEquals("invalid_client_metadata", e.error().code());
        return e;
    }

    @Test
    void checkWhenClientMetadataThenAccepted() {
        JsonBounds.check("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"client_name\":\"App\",\"jwks\":{\"keys\":"
                + "[{\"kty\":\"RSA\",\"x5c\":[\"MIIB\"]}]},\"n\":1.5,\"b\":true,\"z\":null}",
                OAuthError.INVALID_CLIENT_METADATA);
    }

    /** Regression: 5,000 nested arrays made JSON-B recurse into a StackOverflowError (a 500). */
    @Test
    void checkWhenNestedFiveThousandDeepThenRefusedAtTheDepthBound() {
        assertTrue(refused("[".repeat(5000)).description().contains("deeper than " + JsonBounds.MAX_DEPTH));
        assertTrue(refused("{\"a\":" .repeat(5000) + "1" + "}".repeat(5000)).description().contains("deeper"));
        String atBound = "[".repeat(JsonBounds.MAX_DEPTH) + "]".repeat(JsonBounds.MAX_DEPTH);
        JsonBounds.check(atBound, OAuthError.INVALID_CLIENT_METADATA);
    }

    @Test
    void checkWhenArrayOrObjectTooLargeOrStringTooLongThenRefused() {
        StringBuilder items = new StringBuilder("{\"redirect_uris\":[");
        for (int i = 0; i <= JsonBounds.MAX_ITEMS; i++) {
            items.append(i == 0 ? "" : ",").append("\"u").append(i).append('"');
        }
        assertTrue(refused(items.append("]}").toString()).description().contains("more than " + JsonBounds.MAX_ITEMS));
        StringBuilder members = new StringBuilder("{");
        for (int i = 0; i <= JsonBounds.MAX_ITEMS; i++) {
            members.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":0");
        }
        refused(members.append("}").toString());
        String longString = "x".repeat(JsonBounds.MAX_STRING + 1);
        assertTrue(refused("{\"client_name\":\"" + longString + "\"}").description().contains("longer"));
        refused("{\"" + longString + "\":1}");
    }

    @Test
    void checkWhenNotWellFormedThenRefused() {
        refused("not json");
        refused("{\"a\":");
        refused("[1,]");
    }
}

package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The keys of ids used once: the same triple gives the same key, different triples never meet. */
class UsedIdHashTest {

    @Test
    void idHashWhenSameTripleThenSameKey() {
        assertEquals(UsedIdStore.idHash("id-jag", "https://idp.example.com", "j1"),
                UsedIdStore.idHash("id-jag", "https://idp.example.com", "j1"));
    }

    @Test
    void idHashWhenIssuerAndIdSplitDifferentlyThenDifferentKeys() {
        // Without the length prefix both would read "p|ab|c"-like strings that could coincide.
        assertNotEquals(UsedIdStore.idHash("client-assertion", "ab", "c"),
                UsedIdStore.idHash("client-assertion", "a", "bc"));
        assertNotEquals(UsedIdStore.idHash("client-assertion", "a|b", "c"),
                UsedIdStore.idHash("client-assertion", "a", "b|c"));
    }

    @Test
    void idHashWhenPurposeDiffersThenDifferentKeys() {
        assertNotEquals(UsedIdStore.idHash("id-jag", "app", "j1"), UsedIdStore.idHash("client-assertion", "app", "j1"));
    }

    @Test
    void idHashWhenIdIsHugeThenKeyStaysBounded() {
        assertEquals(UsedIdStore.idHash("id-jag", "i", "x").length(),
                UsedIdStore.idHash("id-jag", "i", "x".repeat(100_000)).length());
    }
}

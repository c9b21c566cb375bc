package io.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The attributes' rules: plain values, none when all are empty, the identity provider added to what is there. */
class SubjectAttributesTest {

    private static final String IDP = "https://idp.example.com/oauth2/default";

    @Test
    void ofWhenEmailAndGroupsOnlyThenNoIdentityProvider() {
        SubjectAttributes a = SubjectAttributes.of("alice@example.com", List.of("ops"));
        assertEquals("", a.idp());
        assertFalse(a.isEmpty());
        assertSame(SubjectAttributes.NONE, SubjectAttributes.of("", List.of()));
        assertSame(SubjectAttributes.NONE, SubjectAttributes.of(null, null, null));
    }

    @Test
    void withIdpWhenAddedThenOtherAttributesKeptAndNotEmpty() {
        SubjectAttributes a = SubjectAttributes.of("alice@example.com", List.of("ops")).withIdp(IDP);
        assertEquals(new SubjectAttributes("alice@example.com", List.of("ops"), IDP), a);
        SubjectAttributes only = SubjectAttributes.NONE.withIdp(IDP);
        assertFalse(only.isEmpty(), "an identity provider alone is an attribute");
        assertEquals(IDP, only.idp());
        assertSame(SubjectAttributes.NONE, only.withIdp(""));
    }

    @Test
    void constructWhenIdpNullThenEmpty() {
        // What an export written before the identity provider was kept reads as.
        assertEquals(SubjectAttributes.NONE, new SubjectAttributes("", List.of(), null));
        assertTrue(new SubjectAttributes("", List.of(), null).isEmpty());
    }

    @Test
    void constructWhenIdpNotOneLineOrTooLongThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> SubjectAttributes.NONE.withIdp(IDP + "\r\nx"));
        assertThrows(IllegalArgumentException.class, () -> SubjectAttributes.NONE.withIdp(IDP + "\u0000"));
        String longest = "https://idp.example.com/" + "a".repeat(SubjectAttributes.MAX_LENGTH - 24);
        assertEquals(longest, SubjectAttributes.NONE.withIdp(longest).idp());
        assertThrows(IllegalArgumentException.class, () -> SubjectAttributes.NONE.withIdp(longest + "a"));
    }
}

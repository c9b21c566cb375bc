package io.mcpoauth.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RequireTest {

    @Test
    void nonNullWhenAllPresentThenPasses() {
        Require.nonNull("a, b, c", "x", 1, new Object());
        Require.nonNull("only", "x");
    }

    @Test
    void nonNullWhenOneMissingThenNamesIt() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Require.nonNull("codeHash, grant, expiresAt", "h", null, null));
        assertEquals("grant", e.getMessage());
        assertEquals("codeHash", assertThrows(NullPointerException.class,
                () -> Require.nonNull("codeHash,grant", null, "g")).getMessage());
    }

    @Test
    void nonNullWhenNamesAndValuesDisagreeThenRefusesEvenWithoutNulls() {
        assertThrows(IllegalArgumentException.class, () -> Require.nonNull("a, b", "x"));
        assertThrows(IllegalArgumentException.class, () -> Require.nonNull("a", "x", "y"));
    }
}

package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code mcp.oauth.subjects.deny}: read strictly, subjects compared exactly. */
class SubjectDenyListTest {

    private static SubjectDenyList load(String value) {
        return SubjectDenyList.load(ConfigSource.of(Map.of(SubjectDenyList.KEY, value)));
    }

    @Test
    void loadWhenCommaSeparatedThenEachSubjectTrimmedWithInnerSpacesKept() {
        SubjectDenyList list = load(" ada@example.com ,acme|U0194, Grace Hopper");
        assertEquals(Set.of("ada@example.com", "acme|U0194", "Grace Hopper"), list.subjects());
        assertTrue(list.denies("Grace Hopper"));
        assertFalse(list.denies("grace hopper"));
        assertFalse(list.denies("Grace"));
        assertFalse(list.denies(null));
    }

    @Test
    void loadWhenAbsentOrBlankThenNobodyDenied() {
        assertEquals(Set.of(), SubjectDenyList.load(ConfigSource.of(Map.of())).subjects());
        assertEquals(Set.of(), load("   ").subjects());
    }

    @Test
    void loadWhenAnEntryIsEmptyOrTooLongThenFailsNamingTheKey() {
        for (String bad : new String[] {"ada,,grace", "ada,", ",ada", "x".repeat(1025)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(bad), bad);
            assertTrue(e.getMessage().startsWith(SubjectDenyList.KEY + ":"), e.getMessage());
        }
    }
}

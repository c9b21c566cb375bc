package io.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.config.ConfigSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which address a request counts as coming from, behind trusted and untrusted proxies. */
class ClientAddressTest {

    private static ClientAddress resolver(String trusted, String header) {
        return new ClientAddress(ForwardedSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.http.trusted-proxies", trusted, "mcp.oauth.http.client-address-header", header))));
    }

    private static final ClientAddress XFF = resolver("10.0.0.0/8, ::1", "X-Forwarded-For");
    private static final ClientAddress FORWARDED = resolver("10.0.0.0/8", "forwarded");

    private static String resolve(ClientAddress r, String peer, String... lines) {
        return r.resolve(peer, Collections.enumeration(List.of(lines)));
    }

    @Test
    void resolveWhenPeerIsTrustedProxyThenForwardedClientCounts() {
        assertEquals("198.51.100.7", resolve(XFF, "10.0.0.1", "198.51.100.7"));
        assertEquals("198.51.100.8", resolve(XFF, "10.0.0.1", "198.51.100.8"));
    }

    @Test
    void resolveWhenPeerIsNotTrustedThenHeaderIgnored() {
        assertEquals("203.0.113.9", resolve(XFF, "203.0.113.9", "198.51.100.7"));
        assertEquals("203.0.113.9", resolve(resolver("", "X-Forwarded-For"), "203.0.113.9", "198.51.100.7"));
    }

    @Test
    void resolveWhenClientForgesEntriesThenRightMostUntrustedCounts() {
        // The client wrote "1.2.3.4, 10.0.0.5"; the outer proxy appended the client's real address.
        assertEquals("198.51.100.7", resolve(XFF, "10.0.0.1", "1.2.3.4, 10.0.0.5, 198.51.100.7"));
        // Two trusted proxies in a row, and the header split over lines.
        assertEquals("198.51.100.7", resolve(XFF, "10.0.0.1", "1.2.3.4, 198.51.100.7", "10.0.0.2"));
    }

    @Test
    void resolveWhenEntryIsNotAnAddressThenTheLastTrustedHopCounts() {
        assertEquals("10.0.0.2", resolve(XFF, "10.0.0.1", "198.51.100.7, unknown, 10.0.0.2"));
        assertEquals("10.0.0.1", resolve(XFF, "10.0.0.1", "evil.example"));
        assertEquals("10.0.0.1", resolve(XFF, "10.0.0.1", "1.2.3.999"));
        assertEquals("10.0.0.1", resolve(XFF, "10.0.0.1", ""));
        assertEquals("10.0.0.1", XFF.resolve("10.0.0.1", Collections.emptyEnumeration()));
    }

    @Test
    void resolveWhenAllEntriesAreTrustedProxiesThenTheLeftMostCounts() {
        assertEquals("10.0.0.3", resolve(XFF, "10.0.0.1", "10.0.0.3, 10.0.0.2"));
    }

    @Test
    void resolveWhenHeaderIsHugeOrHasManyHopsThenOnlyItsEndIsRead() {
        String many = "192.0.2.1, ".repeat(100_000) + "198.51.100.7";
        assertEquals("198.51.100.7", resolve(XFF, "10.0.0.1", many));
        String hops = "198.51.100.9, " + "10.0.0.9, ".repeat(ClientAddress.MAX_HOPS + 5) + "10.0.0.2";
        assertEquals("10.0.0.9", resolve(XFF, "10.0.0.1", hops), "the walk stops after MAX_HOPS entries");
    }

    @Test
    void resolveWhenForwardedHeaderThenForParameterRead() {
        assertEquals("198.51.100.7", resolve(FORWARDED, "10.0.0.1", "for=198.51.100.7;proto=https"));
        assertEquals("2001:db8:0:0:0:0:0:1",
                resolve(FORWARDED, "10.0.0.1", "for=192.0.2.60, for=\"[2001:db8::1]:4711\";by=10.0.0.1"));
        assertEquals("10.0.0.1", resolve(FORWARDED, "10.0.0.1", "for=_hidden"));
        assertEquals("198.51.100.7", resolve(FORWARDED, "10.0.0.1", "proto=https;For=\"198.51.100.7:443\""));
    }

    @Test
    void resolveWhenIpv6PeerTrustedThenForwardedIpv6ClientNormalised() {
        assertEquals("2001:db8:0:0:0:0:0:5", resolve(XFF, "0:0:0:0:0:0:0:1", "[2001:db8::5]"));
    }

    @Test
    void literalNeverResolvesNames() {
        assertNull(ClientAddress.literal("localhost"));
        assertNull(ClientAddress.literal(".:"));
        assertNull(ClientAddress.literal("256.1.1.1"));
        assertNull(ClientAddress.literal("[::1"));
        assertEquals("192.0.2.1", ClientAddress.literal("192.0.2.1:8080"));
    }

    @Test
    void settingsWhenTrustedProxyIsNotARangeThenFailNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForwardedSettings.load(
                ConfigSource.of(Map.of("mcp.oauth.http.trusted-proxies", "10.0.0.0/8, proxy.internal"))));
        assertTrue(e.getMessage().startsWith("mcp.oauth.http.trusted-proxies"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForwardedSettings.load(
                ConfigSource.of(Map.of("mcp.oauth.http.client-address-header", "X-Real-IP"))));
        assertTrue(e.getMessage().startsWith("mcp.oauth.http.client-address-header"), e.getMessage());
        assertEquals(ForwardedSettings.NONE, ForwardedSettings.load(ConfigSource.of(Map.of())));
    }
}

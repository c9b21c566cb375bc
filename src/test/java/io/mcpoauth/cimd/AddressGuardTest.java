package io.mcpoauth.cimd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's decisions, as pure functions: no test here connects anywhere. */
class AddressGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void isPublicWhenPrivateLoopbackLinkLocalOrMappedThenFalse() {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "fd12::1", "::ffff:127.0.0.1", "224.0.0.1",
                "192.0.2.1", "198.51.100.1", "203.0.113.1", "198.18.0.1", "240.0.0.1", "255.255.255.255", "::",
                "fec0::1", "ff02::1")) {
            assertFalse(AddressGuard.isPublic(ip(a)), a);
        }
        for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8")) {
            assertTrue(AddressGuard.isPublic(ip(a)), a);
        }
    }

    @Test
    void isPublicWhenIpv6PrefixEmbedsIpv4OrIsReservedThenFalse() {
        for (String a : List.of(
                "::127.0.0.1", "::8.8.8.8", "::a9fe:a9fe",       // ::/96 IPv4-compatible, whatever the IPv4
                "64:ff9b::7f00:1", "64:ff9b::808:808",           // 64:ff9b::/96 NAT64
                "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1",         // 64:ff9b:1::/48 local NAT64
                "2002:7f00:1::1", "2002:808:808::1",             // 2002::/16 6to4
                "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1", // 2001::/32 Teredo
                "2001:db8::1",                                   // documentation
                "100::1")) {                                     // discard-only
            assertFalse(AddressGuard.isPublic(ip(a)), a);
        }
        for (String a : List.of("64:ff9b:2::1", "2001:1::1", "2001:4860::8888", "2003::1", "64:ff9a::1")) {
            assertTrue(AddressGuard.isPublic(ip(a)), a + " is outside those prefixes");
        }
    }

    @Test
    void resolveWhenAnyAnswerIsNotPublicThenRefusedAfterOneLookup() {
        List<String> lookups = new ArrayList<>();
        AddressGuard guard = new AddressGuard(false, host -> {
            lookups.add(host);
            return new InetAddress[] {ip("8.8.8.8"), ip("10.0.0.1")};
        });
        MetadataDocumentException e = assertThrows(MetadataDocumentException.class,
                () -> guard.resolve("docs.example"));
        assertTrue(e.getMessage().contains("non-public"), e.getMessage());
        assertEquals(List.of("docs.example"), lookups);
    }

    @Test
    void resolveWhenAllPublicThenThoseAddressesReturnedUnchanged() {
        AddressGuard guard = new AddressGuard(false, host -> new InetAddress[] {ip("2606:4700::1111"), ip("1.1.1.1")});
        assertEquals(List.of(ip("2606:4700::1111"), ip("1.1.1.1")), guard.resolve("docs.example"));
    }

    @Test
    void resolveWhenBracketedIpv6LiteralThenLookedUpWithoutBrackets() {
        List<String> lookups = new ArrayList<>();
        AddressGuard guard = new AddressGuard(false, host -> {
            lookups.add(host);
            return new InetAddress[] {ip(host)};
        });
        assertThrows(MetadataDocumentException.class, () -> guard.resolve("[64:ff9b::a9fe:a9fe]"));
        assertEquals(List.of("64:ff9b::a9fe:a9fe"), lookups);
    }

    @Test
    void resolveWhenNameDoesNotResolveThenRefused() {
        AddressGuard guard = new AddressGuard(true, host -> {
            throw new UnknownHostException(host);
        });
        assertThrows(MetadataDocumentException.class, () -> guard.resolve("nowhere.example"));
        AddressGuard empty = new AddressGuard(true, host -> new InetAddress[0]);
        assertThrows(MetadataDocumentException.class, () -> empty.resolve("nowhere.example"));
    }
}
